package dev.citra.vision.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.vision.TestData;
import dev.citra.vision.video.Mats;
import java.awt.image.BufferedImage;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class HaarDetectionTest {
    @Test
    void findsGraceHoppersFaceWhereItWasPlacedAndHerEyesInsideIt() {
        HaarCascades cascades = TestData.cascades();
        BufferedImage portrait = TestData.graceHopper();
        try (HaarFaceFinder faces = HaarFaceFinder.frontal(cascades, DetectionParams.faces(), 320);
                HaarEyeFinder eyes = HaarEyeFinder.of(cascades, DetectionParams.eyes(), false, false);
                HaarEyeFinder eyesOrEstimates = HaarEyeFinder.of(cascades, DetectionParams.eyes(), true, true)) {
            for (int[] place : new int[][] {{40, 30, 300}, {300, 120, 260}, {150, 60, 340}}) {
                BufferedImage scene = TestData.scene(640, 480, portrait, place[0], place[1], place[2], place[0]);
                try (Mat bgr = Mats.fromImage(scene); Mat grey = Mats.grey(bgr)) {
                    List<Box> found = faces.faces(grey);
                    assertEquals(1, found.size(), "faces in scene " + java.util.Arrays.toString(place) + ": " + found);
                    Box face = found.get(0);
                    assertTrue(face.centerX() > place[0] && face.centerX() < place[0] + place[2], "face " + face);
                    List<Box> e = eyes.eyes(grey, face);
                    assertTrue(!e.isEmpty(), "no eye found in " + face);
                    for (Box eye : e) {
                        assertTrue(eye.centerY() > face.y() && eye.centerY() < face.centerY(), eye + " is not in the top half of " + face);
                        assertTrue(eye.centerX() > face.x() && eye.centerX() < face.x() + face.width(), eye + " outside " + face);
                    }
                    List<Box> two = eyesOrEstimates.eyes(grey, face);
                    assertEquals(2, two.size(), "eyes " + two);
                    assertTrue(two.get(0).centerX() < face.centerX() && two.get(1).centerX() > face.centerX(), "eyes " + two);
                }
            }
        }
    }

    @Test
    void findsNoFaceInABackground() {
        HaarCascades cascades = TestData.cascades();
        BufferedImage empty = TestData.scene(640, 480, new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), -100, -100, 8, 3);
        try (HaarFaceFinder faces = HaarFaceFinder.frontal(cascades, DetectionParams.faces(), 0);
                Mat bgr = Mats.fromImage(empty); Mat grey = Mats.grey(bgr)) {
            assertEquals(List.of(), faces.faces(grey));
        }
    }

    @Test
    void cascadesComeFromTheFlagOrOpenCvsFoldersElseOneMessageNamesThePackageAndTheFlag(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path shared = TestData.shared("haarcascades");
        assertEquals(shared, HaarCascades.locate(shared).dir());
        assertEquals(shared, HaarCascades.locate(null, List.of(dir, shared)).dir());
        dev.citra.CitraException none = org.junit.jupiter.api.Assertions.assertThrows(dev.citra.CitraException.class,
                () -> HaarCascades.locate(null, List.of(dir)));
        assertTrue(none.getMessage().contains("opencv-data") && none.getMessage().contains("--cascades"), none.getMessage());
        dev.citra.CitraException missing = org.junit.jupiter.api.Assertions.assertThrows(dev.citra.CitraException.class,
                () -> HaarCascades.locate(dir).load(HaarCascades.FACE));
        assertTrue(missing.getMessage().contains(HaarCascades.FACE), missing.getMessage());
    }
}

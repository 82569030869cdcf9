package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list of formats: each layout recognised by its own class, the first match wins, --format picks among a name's layouts. */
class DatasetFormatsTest {
    @TempDir
    Path tmp;

    private Path folder(String name, String... files) throws IOException {
        return TestFiles.named(tmp.resolve(name), files);
    }

    private static DataInput in(Path path) {
        return DataInput.of(path, "pass data.");
    }

    @Test
    void everyFormatNameUsersTypeHasALayoutAndTheCatchAllIsLast() {
        for (DataFormat name : DataFormat.values()) {
            boolean listed = DatasetFormats.ALL.stream().anyMatch(f -> f.id() == name);
            assertEquals(name != DataFormat.AUTO, listed, name.id());
        }
        assertTrue(DatasetFormats.ALL.get(DatasetFormats.ALL.size() - 1) instanceof ImageFolderFormat);
        assertEquals(DatasetFormats.ALL.size(), DatasetFormats.ALL.stream().map(Object::getClass).distinct().count(),
                "one class per layout");
    }

    @Test
    void eachLayoutIsRecognisedByItsOwnFormat() throws IOException {
        Path csv = Files.writeString(tmp.resolve("fer.csv"), "emotion,pixels,Usage\n0,1 2,Training\n");
        Path celeba = folder("celeba", "img_align_celeba/000001.jpg", "list_landmarks_align_celeba.txt");
        Path flickr = folder("flickr", "Images/1.jpg");
        Files.writeString(flickr.resolve("captions.txt"), "image,caption\n1.jpg,A dog .\n");
        Path mrl = folder("mrl", "s0001/s0001_00001_0_0_0_0_0_01.png");
        Path split = folder("split", "train/cat/1.png", "test/cat/2.png");
        Path flat = folder("flat", "cat/1.png", "dog/2.png");
        List<Class<?>> expected = List.of(Fer2013CsvFormat.class, CelebAEyesFormat.class, Flickr8kFormat.class,
                MrlEyeFormat.class, SplitFolderFormat.class, ImageFolderFormat.class);
        List<Path> data = List.of(csv, celeba, flickr, mrl, split, flat);
        for (int i = 0; i < data.size(); i++) {
            assertEquals(expected.get(i), DatasetFormats.detect(in(data.get(i))).getClass(), data.get(i).toString());
        }
        assertFalse(new SplitFolderFormat().detect(in(flat)));
        assertFalse(new ImageFolderFormat().detect(in(csv)), "a CSV file is no folder");
    }

    @Test
    void forcedFolderTakesTheSplitLayoutWhenThereIsOne() throws IOException {
        Path split = folder("split", "train/s0001_00001_0_0_0_0_0_01.png/x.png");
        Path mrlSplit = folder("mrlsplit", "train/open/s0001_00001_0_0_1_0_0_01.png", "test/open/s0001_00002_0_0_1_0_0_01.png");
        assertEquals(MrlEyeFormat.class, DatasetFormats.detect(in(mrlSplit)).getClass());
        assertEquals(SplitFolderFormat.class, DatasetFormats.choose(in(mrlSplit), DataFormat.FOLDER).getClass());
        assertEquals(SplitFolderFormat.class, DatasetFormats.choose(in(split), DataFormat.FOLDER).getClass());
        CitraException e = assertThrows(CitraException.class, () -> DatasetFormats.choose(in(split), DataFormat.CELEBA_EYES));
        assertTrue(e.getMessage().startsWith("--format celeba-eyes does not fit " + split + ": expected "), e.getMessage());
        assertTrue(Arrays.stream(DataFormat.values()).allMatch(f -> !f.description().isEmpty()));
    }
}

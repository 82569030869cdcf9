package dev.citra.vision.monitor;

import dev.citra.vision.detect.Box;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Follows faces from frame to frame by overlap, so each face's probabilities can be smoothed on
 * their own; a face unseen for a while is dropped.
 */
final class FaceTracks {
    /** Overlap from which a detection continues a face of the previous frames. */
    private static final double MATCH_IOU = 0.3;

    private final List<String> labels;
    private final int smoothFrames;
    private final double maxUnseenSeconds;
    private final List<Track> tracks = new ArrayList<>();
    private int nextId = 1;

    private static final class Track {
        final int id;
        final Smoother smoother;
        Box box;
        double lastSeen;

        Track(int id, Box box, int frames) {
            this.id = id;
            this.box = box;
            this.smoother = new Smoother(frames);
        }
    }

    FaceTracks(List<String> labels, int smoothFrames, double maxUnseenSeconds) {
        this.labels = labels;
        this.smoothFrames = smoothFrames;
        this.maxUnseenSeconds = maxUnseenSeconds;
    }

    /** Matches this frame's faces to the tracks, smooths their probabilities and notes label changes. */
    List<FaceLabel> update(double t, List<Box> boxes, float[][] probabilities, List<Event> events) {
        List<Track> free = new ArrayList<>(tracks);
        List<FaceLabel> out = new ArrayList<>(boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            Box box = boxes.get(i);
            Track match = null;
            double best = MATCH_IOU;
            for (Track tr : free) {
                double iou = tr.box.iou(box);
                if (iou >= best) {
                    best = iou;
                    match = tr;
                }
            }
            if (match == null) {
                match = new Track(nextId++, box, smoothFrames);
                tracks.add(match);
            } else {
                free.remove(match);
            }
            match.box = box;
            match.lastSeen = t;
            float[] smoothed = match.smoother.add(probabilities[i]);
            int label = Smoother.argmax(smoothed);
            if (match.smoother.changedTo(label)) {
                events.add(Event.of("expression", t, "face", match.id, "label", labels.get(label),
                        "probability", smoothed[label], "x", box.x(), "y", box.y(), "width", box.width(),
                        "height", box.height()));
            }
            out.add(new FaceLabel(match.id, box, labels.get(label), smoothed[label], smoothed));
        }
        for (Iterator<Track> it = tracks.iterator(); it.hasNext();) {
            Track tr = it.next();
            if (t - tr.lastSeen > maxUnseenSeconds) {
                events.add(Event.of("face_lost", t, "face", tr.id));
                it.remove();
            }
        }
        return out;
    }
}

package dev.citra.vision.stats;

/** The steps a frame goes through, each timed on its own. */
public enum Stage {
    DECODE("decode"),
    FACE("face detection"),
    EYES("eye detection"),
    CLASSIFY("classification"),
    DRAW("drawing"),
    ENCODE("encoding");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

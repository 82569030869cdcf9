package dev.citra.data;

import java.util.List;

/**
 * One image of a caption data set with its human captions.
 *
 * @param id the image's path relative to the data set root ({@code Images/1000268201_693b08cb0e.jpg})
 * @param captions the captions, in the order the caption file gives them
 * @param source how to read the encoded image bytes
 */
public record CaptionSample(String id, List<String> captions, ByteSource source) {
    public CaptionSample {
        captions = List.copyOf(captions);
    }

    /** The image's file name, as caption and split files name it. */
    public String image() {
        return DataFiles.fileName(id);
    }
}

package dev.citra.data;

import java.util.Optional;

/**
 * A data set as a source read it.
 *
 * @param format the detected format: {@code image-folder}, {@code image-folder-zip} (with a
 *     {@code -split} suffix for a split layout), {@code mrl-eye} (likewise suffixed),
 *     {@code celeba-eyes} or {@code fer2013-csv}
 * @param dataset all samples with the data set's class list
 * @param predefined the train/val/test parts the data set ships with, over the same class list;
 *     empty when it has none, so that the caller splits it
 * @param labels where the labels come from, for logs ("the class folders")
 */
public record LoadedData(String format, ImageDataset dataset, Optional<DatasetSplit> predefined, String labels) {
    /** A data set labelled by its class folders. */
    public LoadedData(String format, ImageDataset dataset, Optional<DatasetSplit> predefined) {
        this(format, dataset, predefined, "the class folders");
    }
}

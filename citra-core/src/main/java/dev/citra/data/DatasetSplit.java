package dev.citra.data;

/** Train, validation and test parts of one data set; validation or test may be empty. */
public record DatasetSplit(ImageDataset train, ImageDataset val, ImageDataset test) {}

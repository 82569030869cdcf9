package dev.citra.data;

/**
 * A folder or zip already split as {@code train|val|test/<class>/...}; the split is kept as given
 * (see {@link ImageFolderSource#load(java.nio.file.Path)}).
 */
final class SplitFolderFormat implements DatasetFormat {
    @Override
    public DataFormat id() {
        return DataFormat.FOLDER;
    }

    @Override
    public boolean detect(DataInput in) {
        return !in.isCsv() && ImageFolderSource.isSplitLayout(in.files());
    }

    @Override
    public LoadedData load(DataInput in, DataOptions options) {
        options.requireNoLabel(in.path(), id(), "its class folders");
        options.requireNoEyeCrop(in.path(), id());
        return ImageFolderSource.load(in.files(), true);
    }
}

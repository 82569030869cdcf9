package dev.citra.data;

/**
 * A folder or zip with one sub-folder per class, see {@link ImageFolderSource}: any folder or
 * zip no other format claims, so it comes last.
 */
final class ImageFolderFormat implements DatasetFormat {
    @Override
    public DataFormat id() {
        return DataFormat.FOLDER;
    }

    @Override
    public boolean detect(DataInput in) {
        return !in.isCsv();
    }

    @Override
    public LoadedData load(DataInput in, DataOptions options) {
        options.requireNoLabel(in.path(), id(), "its class folders");
        options.requireNoEyeCrop(in.path(), id());
        return ImageFolderSource.load(in.files(), false);
    }
}

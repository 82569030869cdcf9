package dev.citra.data;

/** MRL Eye images, labelled by a field of their file names, see {@link MrlEyeSource}. */
final class MrlEyeFormat implements DatasetFormat {
    @Override
    public DataFormat id() {
        return DataFormat.MRL_EYE;
    }

    @Override
    public boolean detect(DataInput in) {
        return !in.isCsv() && MrlEyeSource.matches(in.files());
    }

    @Override
    public LoadedData load(DataInput in, DataOptions options) {
        options.requireNoEyeCrop(in.path(), id());
        return MrlEyeSource.load(in.files(), options.label());
    }
}

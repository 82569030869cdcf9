package dev.citra.data;

/** The FER-2013 challenge CSV ({@code emotion,pixels,Usage}), see {@link Fer2013CsvSource}. */
final class Fer2013CsvFormat implements DatasetFormat {
    @Override
    public DataFormat id() {
        return DataFormat.FER2013_CSV;
    }

    @Override
    public boolean detect(DataInput in) {
        return in.isCsv();
    }

    @Override
    public LoadedData load(DataInput in, DataOptions options) {
        options.requireNoLabel(in.path(), id(), "its emotion column");
        options.requireNoEyeCrop(in.path(), id());
        return Fer2013CsvSource.open(in.path());
    }
}

package dev.citra.data;

/** CelebA as downloaded, cut into eye crops, see {@link CelebAEyesSource}. */
final class CelebAEyesFormat implements DatasetFormat {
    @Override
    public DataFormat id() {
        return DataFormat.CELEBA_EYES;
    }

    @Override
    public boolean detect(DataInput in) {
        return !in.isCsv() && CelebAEyesSource.landmarkFile(in.files()).isPresent();
    }

    @Override
    public LoadedData load(DataInput in, DataOptions options) {
        return CelebAEyesSource.load(in.files(), options.label(), options.eyeOrDefault(),
                options.eyeMarginOrDefault());
    }
}

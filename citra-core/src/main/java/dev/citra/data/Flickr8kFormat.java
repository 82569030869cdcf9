package dev.citra.data;

import dev.citra.CitraException;

/**
 * Flickr8k captions, either layout, see {@link Flickr8kSource}: recognised so that it is named
 * (its captions are read with {@link DataSource#openCaptions}); it has no classes to load.
 */
final class Flickr8kFormat implements DatasetFormat {
    @Override
    public DataFormat id() {
        return DataFormat.FLICKR8K;
    }

    @Override
    public boolean detect(DataInput in) {
        return !in.isCsv() && Flickr8kSource.captionFile(in.files()).isPresent();
    }

    @Override
    public LoadedData load(DataInput in, DataOptions options) {
        throw new CitraException("Data path " + in.path() + " is a Flickr8k caption data set: it has captions, not"
                + " classes, so no classifier trains or evaluates on it; look at it with citra data inspect.");
    }

}

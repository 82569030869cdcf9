package dev.citra.data;

import java.io.IOException;

/** Where the bytes of one image come from: a file, a zip entry, a generated buffer. */
@FunctionalInterface
public interface ByteSource {
    /** Reads all bytes; called once per decode. */
    byte[] read() throws IOException;
}

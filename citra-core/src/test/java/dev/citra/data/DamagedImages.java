package dev.citra.data;

/** Image files damaged in ways the cheap checks cannot see, for the streaming tests. */
public final class DamagedImages {
    private DamagedImages() {}

    /** A copy of {@code png} whose header and end are intact and whose compressed pixels start with garbage. */
    public static byte[] damagedInside(byte[] png) {
        byte[] out = png.clone();
        int idat = indexOf(out, "IDAT".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int i = idat + 8; i < idat + 40 && i < out.length - 16; i++) {
            out[i] = (byte) (out[i] ^ 0x5A);
        }
        return out;
    }

    private static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (b[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no " + new String(what, java.nio.charset.StandardCharsets.US_ASCII) + " chunk");
    }
}

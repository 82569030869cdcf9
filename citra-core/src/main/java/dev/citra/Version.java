package dev.citra;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The citra version this code was built as. */
public final class Version {
    private static final String VERSION = read();

    private Version() {}

    /** The project version, for example {@code 0.1.0-SNAPSHOT}. */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}

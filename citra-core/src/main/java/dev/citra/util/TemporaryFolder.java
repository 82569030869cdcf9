package dev.citra.util;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A temporary folder deleted when closed or, when the JVM exits first, by a shutdown hook: the
 * benchmarks that write one run for minutes and are stopped with Ctrl-C, which skips the finally
 * blocks of the thread still working. Closing removes the hook, so that a process making many
 * folders does not keep a hook, and the folder's name, for each.
 */
public final class TemporaryFolder implements AutoCloseable {
    private static final AtomicInteger HOOKED = new AtomicInteger();

    private final Path path;
    private final Thread hook;
    private final PrintStream out;

    /**
     * Makes a folder named {@code prefix...} in {@code parent} (null: the system's temporary
     * folder); a failed deletion is reported on {@code out}.
     */
    public TemporaryFolder(Path parent, String prefix, PrintStream out) {
        try {
            path = parent == null ? Files.createTempDirectory(prefix) : Files.createTempDirectory(parent, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make a temporary folder for " + prefix + ": " + e.getMessage(),
                    e);
        }
        this.out = out;
        hook = new Thread(this::delete, prefix + "-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        HOOKED.incrementAndGet();
    }

    public Path path() {
        return path;
    }

    /** How many folders have their shutdown hook registered: those not closed yet. */
    public static int hooked() {
        return HOOKED.get();
    }

    /** The shutdown hook (for tests: a test runs it as the JVM would at exit, without exiting). */
    Thread hook() {
        return hook;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting: the hook deletes the folder, and deleting it here too would race it.
            return;
        }
        HOOKED.decrementAndGet();
        delete();
    }

    private void delete() {
        try {
            AtomicFiles.deleteRecursively(path);
        } catch (IOException e) {
            out.println("could not delete the temporary folder " + path + ": " + e.getMessage());
        }
    }
}

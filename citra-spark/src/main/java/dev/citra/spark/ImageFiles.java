package dev.citra.spark;

import dev.citra.CitraException;
import dev.citra.data.ImageFolderSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists the images of folders, files and globs on any Hadoop file system, as {@code citra
 * predict} lists a folder: recursively, image extensions only, hidden files left out, sorted.
 * Spark's own file sources would also drop every name starting with an underscore, which is
 * how some data sets name their images.
 */
final class ImageFiles {
    private ImageFiles() {}

    /** Image paths (fully qualified) under {@code inputs}; a file named outright is kept whatever its extension. */
    static List<String> list(Configuration conf, List<String> inputs) {
        List<String> out = new ArrayList<>();
        for (String input : inputs) {
            Path path = new Path(input);
            try {
                FileSystem fs = path.getFileSystem(conf);
                FileStatus[] matches = fs.globStatus(path);
                if (matches == null || matches.length == 0) {
                    throw new CitraException("Input " + input + " does not exist: pass image files, folders or a glob"
                            + " such as 'photos/*.jpg'.");
                }
                for (FileStatus match : matches) {
                    if (match.isDirectory()) {
                        RemoteIterator<LocatedFileStatus> files = fs.listFiles(match.getPath(), true);
                        while (files.hasNext()) {
                            Path file = files.next().getPath();
                            if (isImage(file.getName())) {
                                out.add(file.toString());
                            }
                        }
                    } else if (!match.getPath().getName().startsWith(".")) {
                        out.add(match.getPath().toString());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not list " + input, e);
            }
        }
        return out.stream().distinct().sorted().toList();
    }

    private static boolean isImage(String name) {
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0
                && ImageFolderSource.IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}

package dev.citra.data;

import dev.citra.CitraException;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The files of a data set as users download it: a folder, or a {@code .zip} read in place. Every
 * source starts here, so that a layout is recognised from the same listing it is then read from.
 *
 * <p>Ids are paths relative to the root with '/' separators ({@code cat/001.png}). Hidden files,
 * {@code __MACOSX/} and {@code Thumbs.db}/{@code desktop.ini} are left out everywhere. A zip keeps
 * one {@link ZipFile} open that the sources read their entries from (safe from many threads); it
 * stays open while a source is reachable, normally for the rest of the process.
 */
public final class DataFiles {
    /** Largest file read into memory; anything bigger is no training image nor label file. */
    private static final long MAX_ENTRY_BYTES = 512L * 1024 * 1024;

    private final Path path;
    private final boolean zip;
    private final NavigableMap<String, ByteSource> files;
    private final SortedSet<String> folders;
    private final List<SkippedFile> unreadable;

    private DataFiles(Path path, boolean zip, NavigableMap<String, ByteSource> files, SortedSet<String> folders,
            List<SkippedFile> unreadable) {
        this.path = path;
        this.zip = zip;
        this.files = Collections.unmodifiableNavigableMap(files);
        this.folders = Collections.unmodifiableSortedSet(folders);
        this.unreadable = List.copyOf(unreadable);
    }

    /**
     * Lists the folder or zip at {@code path}.
     *
     * @throws CitraException when the path is missing, a file that is not a zip, or a corrupt zip
     */
    public static DataFiles open(Path path) {
        if (!Files.exists(path)) {
            throw new CitraException("Data path " + path + " does not exist: pass a folder, a .zip or a FER-2013 .csv.");
        }
        return Files.isDirectory(path) ? walk(path) : unzip(path);
    }

    /** The folder or zip listed. */
    public Path path() {
        return path;
    }

    /** Whether {@link #path()} is a zip archive. */
    public boolean zip() {
        return zip;
    }

    /** Every file, by id, sorted. */
    public NavigableMap<String, ByteSource> files() {
        return files;
    }

    /** Every folder, as an id without a trailing '/', including folders that hold no file. */
    public SortedSet<String> folders() {
        return folders;
    }

    /** Files that were found but could not be listed (a symbolic link loop, no permission). */
    public List<SkippedFile> unreadable() {
        return unreadable;
    }

    /** The lower-case extension of an id's file name, or "" when it has none. */
    public static String extension(String id) {
        String file = fileName(id);
        int dot = file.lastIndexOf('.');
        return dot <= 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The part of an id after its last '/'. */
    public static String fileName(String id) {
        return id.substring(id.lastIndexOf('/') + 1);
    }

    /** Whether an id names an image file ({@link ImageFolderSource#IMAGE_EXTENSIONS}). */
    public static boolean isImage(String id) {
        return ImageFolderSource.IMAGE_EXTENSIONS.contains(extension(id));
    }

    /** Names that are never data: hidden files, macOS resource forks, Windows thumbnails. */
    static boolean ignored(String name) {
        return name.startsWith(".") || name.equals("__MACOSX") || name.equalsIgnoreCase("Thumbs.db")
                || name.equalsIgnoreCase("desktop.ini");
    }

    /**
     * The shallowest file whose name is one of {@code names} (case ignored) at most {@code maxDepth}
     * folders deep, the first in id order among equals; empty when there is none.
     */
    public Optional<String> find(int maxDepth, String... names) {
        String best = null;
        for (String id : files.keySet()) {
            int depth = depth(id);
            if (depth > maxDepth || (best != null && depth >= depth(best))) {
                continue;
            }
            for (String name : names) {
                if (fileName(id).equalsIgnoreCase(name)) {
                    best = id;
                    break;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The number of folders an id lies in. */
    static int depth(String id) {
        int n = 0;
        for (int i = id.indexOf('/'); i >= 0; i = id.indexOf('/', i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * The image files that lie directly in a folder named one of {@code folderNames} (case
     * ignored), anywhere, by file name; of two with the same name the first in id order wins.
     * This is how sources whose label files name bare image files ({@code 000001.jpg}) find them.
     */
    public Map<String, String> imagesIn(Set<String> folderNames) {
        Map<String, String> byName = new HashMap<>();
        for (String id : files.keySet()) {
            int slash = id.lastIndexOf('/');
            if (slash < 0 || !isImage(id)) {
                continue;
            }
            String folder = fileName(id.substring(0, slash));
            if (folderNames.stream().anyMatch(folder::equalsIgnoreCase)) {
                byName.putIfAbsent(id.substring(slash + 1), id);
            }
        }
        return byName;
    }

    /** Opens a text file of the listing (UTF-8, a byte-order mark dropped) for reading line by line. */
    public BufferedReader text(String id) {
        try {
            byte[] bytes = files.get(id).read();
            int skip = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                    && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
            return new BufferedReader(new InputStreamReader(
                    new ByteArrayInputStream(bytes, skip, bytes.length - skip), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CitraException("Could not read " + where(id) + " (" + e.getMessage() + "): check the file.", e);
        }
    }

    /** How to name a file of the listing in a message: {@code data.zip:list_attr_celeba.txt} or a path. */
    public String where(String id) {
        return zip ? path + ":" + id : path.resolve(id).toString();
    }

    private static DataFiles walk(Path root) {
        NavigableMap<String, ByteSource> files = new TreeMap<>();
        SortedSet<String> folders = new TreeSet<>();
        List<SkippedFile> unreadable = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            if (dir.equals(root)) {
                                return FileVisitResult.CONTINUE;
                            }
                            if (ignored(dir.getFileName().toString())) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            folders.add(relativeId(root, dir));
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile() && !ignored(file.getFileName().toString())) {
                                files.put(relativeId(root, file), () -> Files.readAllBytes(file));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            // A symlink loop or an unreadable entry: list it, do not abort the whole data set.
                            String reason = e instanceof FileSystemLoopException ? "symbolic link loop"
                                    : "could not be read (" + e.getMessage() + ")";
                            unreadable.add(new SkippedFile(relativeId(root, file), reason));
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + root + ": " + e.getMessage(), e);
        }
        return new DataFiles(root, false, files, folders, unreadable);
    }

    private static String relativeId(Path root, Path file) {
        List<String> parts = new ArrayList<>();
        for (Path p : root.relativize(file)) {
            parts.add(p.toString());
        }
        return String.join("/", parts);
    }

    private static DataFiles unzip(Path path) {
        if (!looksLikeZip(path)) {
            String what = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")
                    ? " is not a zip archive (wrong file signature): re-create or re-download it, or pass the unpacked folder."
                    : " is a file, not a folder or .zip: pass a folder or .zip with one sub-folder per class.";
            throw new CitraException("Data path " + path + what);
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new CitraException("Zip file " + path + " is corrupt (" + e.getMessage()
                    + "): re-create or re-download it, or pass the unpacked folder.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open " + path + ": " + e.getMessage(), e);
        }
        NavigableMap<String, ByteSource> files = new TreeMap<>();
        SortedSet<String> folders = new TreeSet<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        try {
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                // Some Windows tools write '\' separators.
                String name = e.getName().replace('\\', '/');
                while (name.startsWith("/")) {
                    name = name.substring(1);
                }
                if (name.isEmpty() || hasIgnoredPart(name)) {
                    continue;
                }
                boolean folder = e.isDirectory() || name.endsWith("/");
                String id = folder ? name.substring(0, name.length() - 1) : name;
                // Zips need not hold entries for the folders of their files: add those too.
                for (int slash = id.indexOf('/'); slash > 0; slash = id.indexOf('/', slash + 1)) {
                    folders.add(id.substring(0, slash));
                }
                if (folder) {
                    folders.add(id);
                } else {
                    files.put(id, () -> readEntry(zip, e));
                }
            }
        } catch (IllegalArgumentException e) {
            // ZipFile reports undecodable entry names this way.
            throw new CitraException("Zip file " + path + " has an entry name that cannot be read (" + e.getMessage()
                    + "): re-create it with UTF-8 file names.", e);
        }
        return new DataFiles(path, true, files, folders, List.of());
    }

    private static boolean hasIgnoredPart(String name) {
        for (String part : name.split("/")) {
            if (ignored(part)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] readEntry(ZipFile zip, ZipEntry entry) throws IOException {
        if (entry.getSize() > MAX_ENTRY_BYTES) {
            throw new IOException("zip entry of " + entry.getSize() + " bytes is too large to read");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readNBytes((int) MAX_ENTRY_BYTES);
        }
    }

    private static boolean looksLikeZip(Path path) {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(path)) {
            if (in.readNBytes(head, 0, 4) < 4) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + path + ": " + e.getMessage(), e);
        }
        // "PK\3\4": a local file header; "PK\5\6": the end record of an empty archive.
        return head[0] == 'P' && head[1] == 'K' && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
    }
}

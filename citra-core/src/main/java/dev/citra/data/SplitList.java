package dev.citra.data;

import dev.citra.CitraException;
import dev.citra.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files of one part of a run's split, as training wrote them ({@code splits/<part>.txt}: a
 * sample id, a tab and its class per line), so that a model can be evaluated again on exactly its
 * held-out images.
 *
 * @param file where the list was read from, for messages
 * @param labels each listed sample id with its class name, in the file's order
 */
public record SplitList(Path file, Map<String, String> labels) {
    /** A part of a split. */
    public enum Part {
        TRAIN, VAL, TEST;

        /** The part named {@code name} (train, val or test, any case). */
        public static Part parse(String name) {
            for (Part p : values()) {
                if (p.name().equalsIgnoreCase(name.trim())) {
                    return p;
                }
            }
            throw new CitraException("Unknown split part '" + name + "': use train, val or test.");
        }

        /** The list's file name in a run's {@code splits/} folder. */
        public String fileName() {
            return name().toLowerCase(Locale.ROOT) + ".txt";
        }
    }

    public SplitList {
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** Writes {@code part}'s list of {@code dataset}'s samples into a run's {@code splits} folder. */
    public static void write(Path splits, Part part, ImageDataset dataset) {
        String text = dataset.samples().stream()
                .map(s -> s.id() + "\t" + dataset.classes().get(s.label()))
                .collect(Collectors.joining("\n", "", dataset.size() > 0 ? "\n" : ""));
        AtomicFiles.writeString(splits.resolve(part.fileName()), text);
    }

    /** Reads {@code part}'s list from a run's {@code splits} folder. */
    public static SplitList read(Path splits, Part part) {
        Path file = splits.resolve(part.fileName());
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CitraException("No split list at " + file + ": --split needs the folder of a run that citra"
                    + " train wrote (it keeps splits/train.txt, val.txt and test.txt).");
        } catch (IOException e) {
            throw new CitraException("Cannot read the split list " + file + " (" + e.getMessage() + ").", e);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int tab = line.lastIndexOf('\t');
            if (tab <= 0 || tab == line.length() - 1) {
                throw new CitraException("Line " + (i + 1) + " of " + file + " is not '<file>\\t<class>': restore the"
                        + " file from the run, or evaluate on a folder with --data alone.");
            }
            labels.put(line.substring(0, tab), line.substring(tab + 1));
        }
        if (labels.isEmpty()) {
            throw new CitraException("The run's " + part.name().toLowerCase(Locale.ROOT) + " part is empty (" + file
                    + "): pick another --split, or train with a " + part.name().toLowerCase(Locale.ROOT) + " split.");
        }
        return new SplitList(file, labels);
    }

    /**
     * The listed samples of {@code all}, in the list's order. Every listed file must be in
     * {@code all} with the listed class, or the data is not the one the run was trained on.
     */
    public ImageDataset select(ImageDataset all, Path data) {
        Map<String, Sample> byId = new HashMap<>();
        for (Sample s : all.samples()) {
            byId.put(s.id(), s);
        }
        List<Sample> selected = new ArrayList<>(labels.size());
        int missing = 0;
        String firstMissing = null;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            Sample s = byId.get(e.getKey());
            if (s == null) {
                missing++;
                firstMissing = firstMissing == null ? e.getKey() : firstMissing;
                continue;
            }
            String found = all.classes().get(s.label());
            if (!found.equals(e.getValue())) {
                throw new CitraException("'" + e.getKey() + "' is '" + found + "' in " + data + " but '" + e.getValue()
                        + "' in " + file + ": evaluate on the data set the run was trained on (--data).");
            }
            selected.add(s);
        }
        if (missing > 0) {
            throw new CitraException(missing + " of the " + labels.size() + " files in " + file + " are not in " + data
                    + " (the first: " + firstMissing + "): evaluate on the data set the run was trained on (--data).");
        }
        return all.withSamples(selected);
    }
}

package dev.citra.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MRL Eye data set as it is downloaded ({@code mrlEyes_2018_01/s0001/s0001_00001_0_0_0_0_0_01.png}),
 * or any folder or {@code .zip} whose images all carry MRL Eye file names, in whatever folders:
 * every image is a sample, labelled by a field of its name ({@link MrlEyeNames}), so the subject
 * folders of the original are not taken for classes. A top level of split folders
 * ({@code train|val|test/...}, also inside one wrapping folder) is kept as the predefined split.
 * Files that are not images (the download's annotation and statistics files) are left out.
 */
public final class MrlEyeSource {
    private MrlEyeSource() {}

    /** Whether {@code files} holds images and every image has an MRL Eye file name. */
    public static boolean matches(DataFiles files) {
        boolean any = false;
        for (String id : files.files().keySet()) {
            if (DataFiles.isImage(id)) {
                if (MrlEyeNames.tryParse(id).isEmpty()) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /**
     * Reads the images of {@code files}, labelled by {@code field} of their names (null for
     * {@value MrlEyeNames#DEFAULT_FIELD}).
     *
     * @throws dev.citra.CitraException when an image's name is no MRL Eye name, or the field is unknown
     */
    public static LoadedData load(DataFiles files, String field) {
        String prefix = ImageFolderSource.wrappingFolder(files.files().keySet());
        List<Sample> samples = new ArrayList<>();
        boolean split = true;
        for (Map.Entry<String, ByteSource> f : files.files().entrySet()) {
            String id = f.getKey().substring(prefix.length());
            if (DataFiles.isImage(id)) {
                samples.add(new Sample(id, 0, f.getValue()));
                int slash = id.indexOf('/');
                split &= slash > 0 && ImageFolderSource.splitPart(id.substring(0, slash)) != null;
            }
        }
        // One placeholder class until the names give the real ones.
        ImageDataset unlabelled = new ImageDataset(List.of("?"), samples, files.unreadable());
        String format = DataFormat.MRL_EYE.id() + (files.zip() ? "-zip" : "") + (split ? "-split" : "");
        Optional<DatasetSplit> parts = split && !samples.isEmpty()
                ? Optional.of(ImageFolderSource.byPart(unlabelled)) : Optional.empty();
        return MrlEyeNames.relabel(new LoadedData(format, unlabelled, parts),
                field == null ? MrlEyeNames.DEFAULT_FIELD : field);
    }
}

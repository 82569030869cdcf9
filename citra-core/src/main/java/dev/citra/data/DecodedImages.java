package dev.citra.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Images decoded and pre-processed into memory, ready for training or evaluation.
 *
 * <p>The tensor rows are shared, not copied (they are large): treat them as read-only.
 *
 * @param classes class names; a label indexes this list
 * @param tensors one CHW float array per image, as {@link dev.citra.image.ImagePreprocessor} makes it
 * @param labels the label of each image
 * @param ids the sample id of each image
 * @param skipped samples that could not be read or decoded, with the reason (only those of this
 *     decoding, not the files the data set listing already skipped)
 * @param fingerprint hex SHA-256 of the ids, labels and bytes of the images kept, in order (see
 *     {@link ImageLoader#decodeAll})
 */
public record DecodedImages(List<String> classes, float[][] tensors, int[] labels, List<String> ids,
        List<SkippedFile> skipped, String fingerprint) implements ImageStore {
    public DecodedImages {
        classes = List.copyOf(classes);
        ids = List.copyOf(ids);
        skipped = List.copyOf(skipped);
        // Copy the outer arrays so that the record's length invariants hold; rows stay shared.
        tensors = tensors.clone();
        labels = labels.clone();
        if (tensors.length != labels.length || labels.length != ids.size()) {
            throw new IllegalArgumentException("tensors (" + tensors.length + "), labels (" + labels.length
                    + ") and ids (" + ids.size() + ") differ in length");
        }
    }

    @Override
    public float[] tensor(int index) {
        return tensors[index];
    }

    /**
     * The images at {@code indices}, in that order, with no skipped files. The fingerprint is
     * derived from this one's and the indices (the image bytes are no longer at hand), so it is
     * stable for the same selection but differs from decoding the selected samples afresh.
     */
    public DecodedImages select(int[] indices) {
        float[][] t = new float[indices.length][];
        int[] l = new int[indices.length];
        List<String> i = new ArrayList<>(indices.length);
        StringBuilder key = new StringBuilder(fingerprint).append("\nselect");
        for (int k = 0; k < indices.length; k++) {
            int idx = indices[k];
            t[k] = tensors[idx];
            l[k] = labels[idx];
            i.add(ids.get(idx));
            key.append(' ').append(idx);
        }
        return new DecodedImages(classes, t, l, i, List.of(), sha256Hex(key.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform is required to provide SHA-256.
            throw new IllegalStateException(e);
        }
    }
}

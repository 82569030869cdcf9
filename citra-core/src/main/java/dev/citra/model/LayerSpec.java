package dev.citra.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.citra.CitraException;
import java.util.List;
import java.util.Locale;

/**
 * One layer of a declarative network, as written in YAML, for example
 * {@code {type: conv, filters: 32, kernel: 3}} or {@code {type: dropout, rate: 0.25}}.
 *
 * <p>Types: {@code conv} (filters, kernel, stride = 1, padding = same|valid, bias = true),
 * {@code batchnorm}, {@code relu}, {@code relu6}, {@code maxpool} / {@code avgpool} (size = 2,
 * stride = size), {@code globalavgpool}, {@code globalmaxpool}, {@code dropout} (rate),
 * {@code flatten}, {@code dense} (units). The classifier's final dense layer is added for you.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerSpec(
        String type,
        Integer filters,
        Integer kernel,
        Integer stride,
        String padding,
        Boolean bias,
        Integer size,
        Integer units,
        Double rate) {

    /** The layer types {@link #type()} accepts. */
    public static final List<String> TYPES = List.of("conv", "batchnorm", "relu", "relu6", "maxpool",
            "avgpool", "globalavgpool", "globalmaxpool", "dropout", "flatten", "dense");

    public static LayerSpec of(String type) {
        return new LayerSpec(type, null, null, null, null, null, null, null, null);
    }

    public static LayerSpec conv(int filters, int kernel) {
        return new LayerSpec("conv", filters, kernel, null, null, null, null, null, null);
    }

    public static LayerSpec maxPool(int size) {
        return new LayerSpec("maxpool", null, null, null, null, null, size, null, null);
    }

    public static LayerSpec dropout(double rate) {
        return new LayerSpec("dropout", null, null, null, null, null, null, null, rate);
    }

    public static LayerSpec dense(int units) {
        return new LayerSpec("dense", null, null, null, null, null, null, units, null);
    }

    /** The normalised type name; throws a user-facing error for an unknown one. */
    public String kind() {
        String t = type == null ? "" : type.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        if (!TYPES.contains(t)) {
            throw new CitraException("Unknown layer type '" + type + "' in the layer list: use one of " + TYPES + ".");
        }
        return t;
    }

    /** Reads a required positive integer field, with a message naming the layer and field. */
    int required(Integer value, String field, int index) {
        if (value == null || value < 1) {
            throw new CitraException("Layer " + (index + 1) + " (" + type + ") needs a positive '" + field
                    + "', for example {type: " + type + ", " + field + ": 3}.");
        }
        return value;
    }
}

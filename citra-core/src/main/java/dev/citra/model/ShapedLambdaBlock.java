package dev.citra.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A weightless one-input layer (activation, pooling) that knows its output shape. DJL's
 * {@link LambdaBlock} finds it by running the function on an array of zeros, again each time a
 * container asks, which for a deep branched network (InceptionV3 at 299 pixels) costs seconds at
 * every build and summary.
 */
public class ShapedLambdaBlock extends LambdaBlock {
    private final UnaryOperator<Shape> outputShape;

    /**
     * @param function the layer's computation
     * @param name the layer type shown in summaries, as DJL names its own ({@code ReLU}, ...)
     * @param outputShape the output shape for an input shape
     */
    public ShapedLambdaBlock(Function<NDArray, NDArray> function, String name, UnaryOperator<Shape> outputShape) {
        super(x -> new NDList(function.apply(x.singletonOrThrow())), name);
        this.outputShape = outputShape;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {outputShape.apply(inputShapes[0])};
    }
}

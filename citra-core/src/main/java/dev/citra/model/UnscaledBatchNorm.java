package dev.citra.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Keras's {@code BatchNormalization(scale=False)} over the channel axis of (N, C, ...) input:
 * {@code (x − mean) / sqrt(var + epsilon) + beta}, with no gamma at all. DJL's {@code BatchNorm}
 * keeps a gamma parameter even when scaling is off, which would add C values per layer that no
 * Keras model or weight file has. The parameters are named as DJL's ({@code beta},
 * {@code runningMean}, {@code runningVar}) so that weight import maps them alike.
 */
public final class UnscaledBatchNorm extends NormLayer {
    private static final byte VERSION = 1;

    private final float epsilon;
    private final float momentum;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    /**
     * @param epsilon added to the variance, as Keras's {@code epsilon}
     * @param momentum Keras's {@code momentum}: the weight of the old running statistics
     */
    public UnscaledBatchNorm(float epsilon, float momentum) {
        super(VERSION);
        this.epsilon = epsilon;
        this.momentum = momentum;
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false).build());
    }

    public float epsilon() {
        return epsilon;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray b = store.getValue(beta, x.getDevice(), training);
        NDArray mean = store.getValue(runningMean, x.getDevice(), training);
        NDArray var = store.getValue(runningVar, x.getDevice(), training);
        // The engine's batch norm wants a scale; a constant one keeps gamma out of the parameters.
        NDArray ones = x.getManager().ones(b.getShape(), x.getDataType(), x.getDevice());
        return ai.djl.nn.norm.BatchNorm.batchNorm(x, mean, var, ones, b, 1, momentum, epsilon,
                usesBatchStatistics(training));
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape channels = new Shape(inputShapes[0].get(1));
        beta.setShape(channels);
        runningMean.setShape(channels);
        runningVar.setShape(channels);
    }
}

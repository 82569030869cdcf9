package dev.citra.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Keras's {@code BatchNormalization} over the channel axis of (N, C, ...) input, whose moving
 * statistics can be frozen: then a training pass normalises with the moving mean and variance and
 * leaves them as they are, as a Keras layer called with {@code training=False} does, while gamma
 * and beta still learn. That is how Keras's fine-tuning guide keeps a pretrained backbone's
 * BatchNorm layers when it unfreezes them. DJL's own BatchNorm cannot be told so (its training flag
 * comes from the parent block), hence this block; it keeps DJL's parameter names, order and save
 * format, so bundles written with DJL's layer load into it.
 */
public final class BatchNorm extends NormLayer {
    private static final byte VERSION = 2;

    private final float epsilon;
    private final float momentum;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private long channels;

    /**
     * @param epsilon added to the variance, as Keras's {@code epsilon}
     * @param momentum Keras's {@code momentum}: the weight of the old moving statistics
     */
    public BatchNorm(float epsilon, float momentum) {
        super(VERSION);
        this.epsilon = epsilon;
        this.momentum = momentum;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false).build());
    }

    /** PyTorch's and DJL's defaults: epsilon 1e-5, momentum 0.9. */
    public static BatchNorm defaults() {
        return new BatchNorm(1e-5f, 0.9f);
    }

    public float epsilon() {
        return epsilon;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return ai.djl.nn.norm.BatchNorm.batchNorm(x, store.getValue(runningMean, x.getDevice(), training),
                store.getValue(runningVar, x.getDevice(), training), store.getValue(gamma, x.getDevice(), training),
                store.getValue(beta, x.getDevice(), training), 1, momentum, epsilon, usesBatchStatistics(training));
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        channels = inputShapes[0].get(1);
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Shape shape = new Shape(channels);
        gamma.setShape(shape);
        beta.setShape(shape);
        runningMean.setShape(shape);
        runningVar.setShape(shape);
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(channels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion == VERSION) {
            readInputShapes(is);
        } else if (loadVersion != 1) {
            throw new MalformedModelException("Unsupported BatchNorm encoding version: " + loadVersion);
        }
        channels = is.readLong();
    }
}

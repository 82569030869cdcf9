package dev.citra.caption;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import dev.citra.model.TrainableModel;
import dev.citra.util.Devices;
import dev.citra.util.Engines;
import java.util.ArrayList;
import java.util.List;

/**
 * A caption decoder ({@link DecoderKind}): word embedding, one LSTM and the layers that bring the
 * image in, trained with teacher forcing on whole captions and run one step at a time to decode.
 * Works on encoder features cached beforehand: a pooled vector (batch, D) or, for attention, the
 * grid (batch, regions, D).
 */
public final class CaptionModel extends TrainableModel {
    private final DecoderSpec spec;
    private final Layers layers;

    private CaptionModel(DecoderSpec spec, Layers layers, NDManager manager) {
        super(layers, manager);
        this.spec = spec;
        this.layers = layers;
    }

    /** Builds a decoder with Glorot-uniform weights from a seeded generator. */
    public static CaptionModel create(DecoderSpec spec, long seed) {
        Engine engine = Engines.pytorch();
        engine.setRandomSeed((int) seed);
        Layers layers = new Layers(spec);
        NDManager manager = engine.newBaseManager(Devices.configured(engine));
        layers.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        layers.initialize(manager, DataType.FLOAT32, new Shape(1, spec.featureSize()));
        return new CaptionModel(spec, layers, manager);
    }

    public DecoderSpec spec() {
        return spec;
    }

    @Override
    protected String describe() {
        return "The weights do not fit a " + spec.kind() + " decoder with " + spec.vocabulary() + " tokens, embedding "
                + spec.embed() + " and hidden size " + spec.hidden();
    }

    /**
     * Teacher forcing: the logits for the token after each input token.
     *
     * @param features (batch, D), or (batch, regions, D) for attention
     * @param inputs token ids (batch, steps), int64: {@code <start>} and the caption without its last token
     * @return logits (batch, steps, vocabulary), and for attention the weights (batch, steps, regions)
     */
    public NDList forward(NDArray features, NDArray inputs, boolean training) {
        ParameterStore ps = parameterStore();
        NDArray embedded = dropout(layers.embed(ps, inputs, training), training);
        if (spec.kind() == DecoderKind.ATTENTION) {
            State state = begin(features, training);
            List<NDArray> logits = new ArrayList<>();
            List<NDArray> alphas = new ArrayList<>();
            long steps = inputs.getShape().get(1);
            for (int t = 0; t < steps; t++) {
                NDArray word = embedded.get(":, {}, :", t);
                logits.add(attentionStep(ps, state, word, training, alphas));
            }
            return new NDList(NDArrays.stack(new NDList(logits), 1), NDArrays.stack(new NDList(alphas), 1));
        }
        State state = begin(features, training);
        NDList out = layers.lstm.forward(ps, new NDList(embedded, state.h, state.c), training);
        return new NDList(outputs(ps, state, out.get(0), training));
    }

    /** The decoder's state before the first word, for a batch of images (inference). */
    public State begin(NDArray features) {
        return begin(features, false);
    }

    /**
     * One decoding step in inference mode: the logits (batch, vocabulary) for the next token after
     * {@code tokens} (batch), and the state moved on.
     */
    public NDArray step(State state, NDArray tokens) {
        ParameterStore ps = parameterStore();
        NDArray word = layers.embed(ps, tokens, false);
        if (spec.kind() == DecoderKind.ATTENTION) {
            return attentionStep(ps, state, word, false, null);
        }
        NDList out = layers.lstm.forward(ps, new NDList(word.expandDims(1), state.h, state.c), false);
        state.h = out.get(1);
        state.c = out.get(2);
        return outputs(ps, state, out.get(0), false).squeeze(1);
    }

    private State begin(NDArray features, boolean training) {
        ParameterStore ps = parameterStore();
        long batch = features.getShape().get(0);
        NDManager m = features.getManager();
        Shape stateShape = new Shape(1, batch, spec.hidden());
        switch (spec.kind()) {
            case MERGE -> {
                NDArray image = Layers.apply(ps, layers.imageProjection, dropout(features, training), training)
                        .getNDArrayInternal().relu();
                return new State(m.zeros(stateShape), m.zeros(stateShape), features, image);
            }
            case INJECT -> {
                NDArray f = dropout(features, training);
                NDArray h = Layers.apply(ps, layers.initH, f, training).tanh().expandDims(0);
                NDArray c = Layers.apply(ps, layers.initC, f, training).tanh().expandDims(0);
                return new State(h, c, features, null);
            }
            default -> {
                NDArray mean = features.mean(new int[] {1});
                NDArray h = Layers.apply(ps, layers.initH, mean, training).tanh().expandDims(0);
                NDArray c = Layers.apply(ps, layers.initC, mean, training).tanh().expandDims(0);
                NDArray projected = Layers.apply(ps, layers.attendFeatures, features, training);
                return new State(h, c, features, projected);
            }
        }
    }

    /** Logits from LSTM outputs (batch, steps, hidden). */
    private NDArray outputs(ParameterStore ps, State state, NDArray lstmOut, boolean training) {
        if (spec.kind() == DecoderKind.MERGE) {
            NDArray merged = lstmOut.add(state.extra.expandDims(1));
            NDArray hidden = Layers.apply(ps, layers.mergeDense, merged, training).getNDArrayInternal().relu();
            return Layers.apply(ps, layers.vocabulary, hidden, training);
        }
        return Layers.apply(ps, layers.vocabulary, dropout(lstmOut, training), training);
    }

    /** Attends over the grid with the current hidden state, then runs the LSTM one step on word + context. */
    private NDArray attentionStep(ParameterStore ps, State state, NDArray word, boolean training,
            List<NDArray> alphas) {
        NDArray h = state.h.squeeze(0);
        NDArray query = Layers.apply(ps, layers.attendHidden, h, training).expandDims(1);
        NDArray scores = Layers.apply(ps, layers.attendScore, state.extra.add(query).tanh(), training).squeeze(2);
        NDArray alpha = scores.softmax(1);
        NDArray context = state.features.mul(alpha.expandDims(2)).sum(new int[] {1});
        NDArray gate = Layers.apply(ps, layers.gate, h, training).getNDArrayInternal().sigmoid();
        NDArray input = word.concat(context.mul(gate), 1).expandDims(1);
        NDList out = layers.lstm.forward(ps, new NDList(input, state.h, state.c), training);
        state.h = out.get(1);
        state.c = out.get(2);
        if (alphas != null) {
            alphas.add(alpha);
        }
        return Layers.apply(ps, layers.vocabulary, dropout(out.get(0).squeeze(1), training), training);
    }

    private NDArray dropout(NDArray x, boolean training) {
        return spec.dropout() > 0 ? Dropout.dropout(x, (float) spec.dropout(), training).singletonOrThrow() : x;
    }

    /**
     * A batch's decoding state: the LSTM's hidden and cell state (1, batch, hidden), the image
     * features and what the decoder derives from them once (the merge projection, the attention keys).
     */
    public static final class State {
        private NDArray h;
        private NDArray c;
        private final NDArray features;
        private final NDArray extra;

        State(NDArray h, NDArray c, NDArray features, NDArray extra) {
            this.h = h;
            this.c = c;
            this.features = features;
            this.extra = extra;
        }

        /** The state of the rows {@code rows} (int64 indices), in that order: how beams are reordered. */
        public State select(NDArray rows) {
            return new State(h.get(":, {}", rows), c.get(":, {}", rows), features.get(rows),
                    extra == null ? null : extra.get(rows));
        }
    }

    /** The decoder's layers in one block, so that they save, load and initialise together. */
    static final class Layers extends AbstractBlock {
        private final DecoderSpec spec;
        private final Parameter embedding;
        final LSTM lstm;
        final Linear vocabulary;
        Linear imageProjection;
        Linear mergeDense;
        Linear initH;
        Linear initC;
        Linear attendFeatures;
        Linear attendHidden;
        Linear attendScore;
        Linear gate;

        Layers(DecoderSpec spec) {
            this.spec = spec;
            embedding = addParameter(Parameter.builder().setName("embedding").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(spec.vocabulary(), spec.embed())).build());
            lstm = addChildBlock("lstm", LSTM.builder().setStateSize(spec.hidden()).setNumLayers(1)
                    .optReturnState(true).optBatchFirst(true).build());
            switch (spec.kind()) {
                case MERGE -> {
                    imageProjection = addChildBlock("image", dense(spec.hidden()));
                    mergeDense = addChildBlock("merge_dense", dense(spec.hidden()));
                }
                case INJECT -> {
                    initH = addChildBlock("init_h", dense(spec.hidden()));
                    initC = addChildBlock("init_c", dense(spec.hidden()));
                }
                case ATTENTION -> {
                    initH = addChildBlock("init_h", dense(spec.hidden()));
                    initC = addChildBlock("init_c", dense(spec.hidden()));
                    attendFeatures = addChildBlock("attend_features", dense(spec.hidden()));
                    attendHidden = addChildBlock("attend_hidden", dense(spec.hidden()));
                    attendScore = addChildBlock("attend_score", dense(1));
                    gate = addChildBlock("gate", dense(spec.featureSize()));
                }
            }
            vocabulary = addChildBlock("vocabulary", dense(spec.vocabulary()));
        }

        private static Linear dense(int units) {
            return Linear.builder().setUnits(units).build();
        }

        NDArray embed(ParameterStore ps, NDArray tokens, boolean training) {
            NDArray weight = ps.getValue(embedding, tokens.getDevice(), training);
            return weight.getNDArrayInternal().embedding(tokens, weight, SparseFormat.DENSE).singletonOrThrow();
        }

        static NDArray apply(ParameterStore ps, Block block, NDArray x, boolean training) {
            return block.forward(ps, new NDList(x), training).singletonOrThrow();
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            int d = spec.featureSize();
            int h = spec.hidden();
            int lstmInput = spec.kind() == DecoderKind.ATTENTION ? spec.embed() + d : spec.embed();
            lstm.initialize(manager, dataType, new Shape(1, 1, lstmInput));
            for (Linear fromFeatures : new Linear[] {imageProjection, initH, initC, attendFeatures}) {
                if (fromFeatures != null) {
                    fromFeatures.initialize(manager, dataType, new Shape(1, d));
                }
            }
            for (Linear fromHidden : new Linear[] {mergeDense, attendHidden, attendScore, gate, vocabulary}) {
                if (fromHidden != null) {
                    fromHidden.initialize(manager, dataType, new Shape(1, h));
                }
            }
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            throw new UnsupportedOperationException("a caption decoder runs through CaptionModel");
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), spec.vocabulary())};
        }
    }
}

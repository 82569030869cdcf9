package dev.citra.train.optim;

import ai.djl.ndarray.NDArray;

/** Stochastic gradient descent with (heavy-ball) momentum, as PyTorch's SGD. */
public final class Sgd extends StatefulOptimizer {
    private final float momentum;

    public Sgd(float momentum, float weightDecay) {
        super(weightDecay, 1);
        this.momentum = momentum;
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    protected void update(NDArray weight, NDArray grad, NDArray[] s, float lr, long step) {
        if (momentum == 0) {
            weight.subi(grad.mul(lr));
            return;
        }
        NDArray buffer = s[0];
        if (step == 1) {
            buffer.addi(grad);
        } else {
            buffer.muli(momentum).addi(grad);
        }
        weight.subi(buffer.mul(lr));
    }
}

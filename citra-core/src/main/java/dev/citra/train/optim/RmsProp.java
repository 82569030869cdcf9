package dev.citra.train.optim;

import ai.djl.ndarray.NDArray;

/** RMSprop as Keras: rho 0.9, epsilon 1e-7, no momentum. */
public final class RmsProp extends StatefulOptimizer {
    private final float rho;
    private final float epsilon;

    public RmsProp(float weightDecay) {
        this(0.9f, 1e-7f, weightDecay);
    }

    public RmsProp(float rho, float epsilon, float weightDecay) {
        super(weightDecay, 1);
        this.rho = rho;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    protected void update(NDArray weight, NDArray grad, NDArray[] s, float lr, long step) {
        NDArray meanSquare = s[0];
        meanSquare.muli(rho).addi(grad.square().muli(1 - rho));
        weight.subi(grad.mul(lr).divi(meanSquare.sqrt().addi(epsilon)));
    }
}

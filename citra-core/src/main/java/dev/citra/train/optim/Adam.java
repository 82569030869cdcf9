package dev.citra.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Adam with bias correction (Kingma and Ba); epsilon 1e-7 as Keras. */
public final class Adam extends StatefulOptimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;

    public Adam(float weightDecay) {
        this(0.9f, 0.999f, 1e-7f, weightDecay);
    }

    public Adam(float beta1, float beta2, float epsilon, float weightDecay) {
        super(weightDecay, 2);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "adam";
    }

    /** One native call per parameter: the same formula, without Java-side temporaries. */
    @Override
    protected boolean fusedUpdate(NDArray weight, NDArray grad, NDArray[] s, float lr, long step) {
        float stepSize = (float) (lr * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step)));
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, s[0], s[1]), new NDList(weight), lr, stepSize,
                weightDecay, 1f, -1f, beta1, beta2, epsilon, false, false);
        return true;
    }

    @Override
    protected void update(NDArray weight, NDArray grad, NDArray[] s, float lr, long step) {
        NDArray m = s[0];
        NDArray v = s[1];
        m.muli(beta1).addi(grad.mul(1 - beta1));
        v.muli(beta2).addi(grad.square().muli(1 - beta2));
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        float stepSize = (float) (lr * Math.sqrt(correction2) / correction1);
        // Keras's form: the bias correction folds into the step size and epsilon is added to
        // sqrt(v) as it is (PyTorch adds it to the corrected sqrt(v_hat) instead).
        weight.subi(m.mul(stepSize).divi(v.sqrt().addi(epsilon)));
    }
}

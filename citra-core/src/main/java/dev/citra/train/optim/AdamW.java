package dev.citra.train.optim;

import ai.djl.ndarray.NDArray;

/**
 * AdamW as PyTorch's {@code torch.optim.AdamW} (Loshchilov and Hutter): the weight decay shrinks
 * the weights directly, {@code w -= lr·wd·w}, instead of entering the gradient and so the moments,
 * where Adam's adaptive scaling would weaken it for weights with large gradients. Epsilon 1e-8 is
 * added to the bias-corrected {@code sqrt(v_hat)}, as PyTorch does.
 */
public final class AdamW extends StatefulOptimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float decay;

    public AdamW(float weightDecay) {
        this(0.9f, 0.999f, 1e-8f, weightDecay);
    }

    public AdamW(float beta1, float beta2, float epsilon, float weightDecay) {
        // Nothing for the shared L2 path to add to the gradient: the decay is applied here.
        super(0f, 2);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.decay = weightDecay;
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    protected void update(NDArray weight, NDArray grad, NDArray[] s, float lr, long step) {
        if (decay > 0) {
            weight.muli(1 - lr * decay);
        }
        NDArray m = s[0];
        NDArray v = s[1];
        m.muli(beta1).addi(grad.mul(1 - beta1));
        v.muli(beta2).addi(grad.square().muli(1 - beta2));
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = Math.sqrt(1 - Math.pow(beta2, step));
        NDArray denominator = v.sqrt().divi((float) correction2).addi(epsilon);
        weight.subi(m.div(denominator).muli((float) (lr / correction1)));
    }
}

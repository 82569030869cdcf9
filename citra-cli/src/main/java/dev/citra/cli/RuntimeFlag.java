package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.infer.InferenceRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --runtime}: what runs the classifiers this process loads (see {@link InferenceRuntime}).
 * It sets the {@value InferenceRuntime#PROPERTY} property, so every classifier of the command (a
 * server's models, a monitor's) uses it.
 */
final class RuntimeFlag {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = "--runtime", paramLabel = "NAME", description = "What runs the model: auto (default: the compiled"
            + " model in ONNX Runtime, or in libtorch without citra-onnx), torch, onnxruntime, or eager (the network as"
            + " trained, layer by layer).")
    void runtime(String name) {
        try {
            System.setProperty(InferenceRuntime.PROPERTY, InferenceRuntime.parse(name).id());
        } catch (CitraException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage());
        }
    }
}

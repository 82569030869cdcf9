package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.util.Devices;
import dev.citra.util.Engines;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --device}: where the networks of this process run (see {@link Devices}). It is checked
 * against libtorch at once, so a GPU that is not there is reported before any work starts.
 */
final class DeviceFlag {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu, gpu or gpu:N (default: the first GPU when"
            + " libtorch is a CUDA build and sees one, else the CPU).")
    void device(String name) {
        try {
            Devices.select(name, Engines.pytorch());
            System.setProperty(Devices.PROPERTY, name);
        } catch (CitraException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage());
        }
    }
}

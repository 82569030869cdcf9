package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.util.Devices;
import dev.citra.util.Engines;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --device}: where the networks of this process run (see {@link Devices}). It is checked
 * against libtorch once the command line is read and before the command runs, so a GPU that is
 * not there is reported before any work starts, and flags that set the engine up as it starts
 * ({@code --torch-threads}) are read first, wherever they stand on the line.
 */
final class DeviceFlag {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    private String requested;

    /** Applied by its command rather than by {@link #applyAll}: see {@link #deferred()}. */
    private final boolean deferred;

    DeviceFlag() {
        this(false);
    }

    private DeviceFlag(boolean deferred) {
        this.deferred = deferred;
    }

    /**
     * A flag its command applies itself, once it has refused what it has no use for: a mode that runs no
     * network refuses {@code --device}, and would otherwise first start libtorch or send a CPU build's
     * user off to install CUDA.
     */
    static DeviceFlag deferred() {
        return new DeviceFlag(true);
    }

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu, gpu or gpu:N (default: the first GPU when"
            + " libtorch is a CUDA build and sees one, else the CPU).")
    void device(String name) {
        requested = name;
    }

    /** Checks the requested device, if any, and makes it the process's (this starts the engine). */
    void apply() {
        if (requested == null) {
            return;
        }
        try {
            Devices.select(requested, Engines.pytorch());
            System.setProperty(Devices.PROPERTY, requested);
        } catch (CitraException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    /** Applies every {@code --device} flag of a parsed command, its mixins' included. */
    static void applyAll(CommandLine.Model.CommandSpec command) {
        for (CommandLine.Model.CommandSpec mixin : command.mixins().values()) {
            if (mixin.userObject() instanceof DeviceFlag flag && !flag.deferred) {
                flag.apply();
            }
            applyAll(mixin);
        }
    }
}

package io.xshathra.bench;

import io.xshathra.bench.report.Result;
import io.xshathra.bench.report.ResultPrinter;
import io.xshathra.bench.scenario.RefusedException;
import io.xshathra.bench.scenario.Scenario;
import io.xshathra.bench.scenario.Settings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Runs one scenario: validates the options, runs, prints the table (or the JSON object) and
 * returns the exit code: 0 passed, 1 failed (loss, reordering, errors, lost connections),
 * 2 refused (bad options, or the machine cannot do what was asked).
 */
abstract class ScenarioCommand implements Callable<Integer> {
    static final int PASSED = 0;
    static final int FAILED = 1;
    static final int REFUSED = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    /** A problem with this scenario's own options, or null. */
    abstract String invalidOptions();

    /** The scenario to run. */
    abstract Scenario scenario(Settings settings);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String problem = common.invalid();
        if (problem == null) {
            problem = invalidOptions();
        }
        if (problem != null) {
            err.println("bench " + spec.name() + ": " + problem);
            return REFUSED;
        }
        Result result;
        try {
            Settings settings = common.settings(err);
            result = scenario(settings).run();
        } catch (IllegalArgumentException | RefusedException e) {
            err.println("bench " + spec.name() + " refused:");
            err.println(e.getMessage());
            return REFUSED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("bench " + spec.name() + ": interrupted");
            return FAILED;
        }
        String title = "xshathra bench " + spec.name();
        if (common.json) {
            ResultPrinter.table(err, title, result);
            ResultPrinter.json(out, result);
        } else {
            ResultPrinter.table(out, title, result);
        }
        return result.passed() ? PASSED : FAILED;
    }
}

package io.cdp.ingestion.csv;

import java.io.PrintStream;
import java.util.List;

import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;

/**
 * Answers a wrong {@code import} command line (usage, or a file that cannot be read) before the
 * platform's context starts, in a second rather than after the minute the context takes.
 */
public class ImportCommandLine implements SpringApplicationRunListener {

    private final List<String> args;

    public ImportCommandLine(SpringApplication application, String[] args) {
        this.args = List.of(args);
    }

    @Override
    public void starting(ConfigurableBootstrapContext bootstrapContext) {
        int exitCode = check(args, System.out);
        if (exitCode != ImportCommand.EXIT_OK) {
            System.exit(exitCode);
        }
    }

    /** @return {@link ImportCommand#EXIT_OK} when {@code args} are no import or a valid one, else the exit code */
    static int check(List<String> args, PrintStream out) {
        int command = args.indexOf(ImportCommand.COMMAND);
        if (command < 0 || args.subList(0, command).stream().anyMatch(arg -> !arg.startsWith("--"))) {
            return ImportCommand.EXIT_OK;
        }
        try {
            ImportArguments.parse(args.subList(command, args.size()));
            return ImportCommand.EXIT_OK;
        } catch (ImportArguments.UsageException e) {
            out.println("import: " + e.getMessage());
            out.println(ImportArguments.USAGE);
            return ImportCommand.EXIT_USAGE;
        } catch (ImportArguments.NoInputException e) {
            out.println("import: " + e.getMessage());
            return ImportCommand.EXIT_NO_INPUT;
        }
    }
}

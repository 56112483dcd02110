package io.xshathra.server.cli;

import java.io.Console;
import java.io.InputStream;
import java.lang.reflect.Method;

/**
 * The person at the keyboard, if there is one: the commands that ask for a password or a
 * confirmation read through this, so tests can play the person and scripts get a clear error
 * instead of a prompt nobody answers.
 */
public interface Terminal {

    /** Whether prompts can be answered: standard input and output are a terminal. */
    boolean interactive();

    /** Prompts on the terminal and reads a line without echo; null at end of input. */
    char[] readPassword(String prompt);

    /** Prompts on the terminal and reads a line; null at end of input. */
    String readLine(String prompt);

    /** Standard input, for {@code --password-stdin}. */
    InputStream stdin();

    /** The process's console and standard input. */
    static Terminal system() {
        return new Terminal() {
            @Override
            public boolean interactive() {
                Console c = System.console();
                if (c == null) {
                    return false;
                }
                // From Java 22 on, System.console() may exist when input is redirected;
                // Console.isTerminal() tells then. On 17 to 21 a console means a terminal.
                try {
                    Method isTerminal = Console.class.getMethod("isTerminal");
                    return (Boolean) isTerminal.invoke(c);
                } catch (ReflectiveOperationException e) {
                    return true;
                }
            }

            @Override
            public char[] readPassword(String prompt) {
                return System.console().readPassword("%s", prompt);
            }

            @Override
            public String readLine(String prompt) {
                return System.console().readLine("%s", prompt);
            }

            @Override
            public InputStream stdin() {
                return System.in;
            }
        };
    }
}

package io.xshathra.server.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A scripted person at the keyboard (or none: not interactive, with some standard input). */
final class FakeTerminal implements Terminal {

    final boolean interactive;
    final Deque<String> answers = new ArrayDeque<>();
    final List<String> prompts = new ArrayList<>();
    final InputStream stdin;

    private FakeTerminal(boolean interactive, String stdin) {
        this.interactive = interactive;
        this.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    }

    /** A script or a pipe: no prompts possible. */
    static FakeTerminal piped(String stdin) {
        return new FakeTerminal(false, stdin);
    }

    /** A person who will type these answers, in order. */
    static FakeTerminal typing(String... answers) {
        FakeTerminal t = new FakeTerminal(true, "");
        t.answers.addAll(List.of(answers));
        return t;
    }

    @Override
    public boolean interactive() {
        return interactive;
    }

    @Override
    public char[] readPassword(String prompt) {
        String line = readLine(prompt);
        return line == null ? null : line.toCharArray();
    }

    @Override
    public String readLine(String prompt) {
        if (!interactive) {
            throw new AssertionError("prompted without a terminal: " + prompt);
        }
        prompts.add(prompt);
        return answers.poll();
    }

    @Override
    public InputStream stdin() {
        return stdin;
    }
}

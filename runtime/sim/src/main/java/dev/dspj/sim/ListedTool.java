package dev.dspj.sim;

import java.util.List;

/**
 * A tool as a request offers it: in a ReAct prompt's instructions ({@code (1) NAME, whose
 * description is <desc>DESC</desc>. It takes arguments ARGS.}) or in a request's {@code tools}.
 *
 * @param name the tool's name
 * @param description what it does, empty when not given
 * @param argumentNames its arguments' names, in order
 */
record ListedTool(String name, String description, List<String> argumentNames) {

    ListedTool {
        argumentNames = List.copyOf(argumentNames);
    }
}

package dev.selfheal.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;

/** One run of the command line, with what it printed. */
record Run(int code, String out, String err) {

    static Run of(Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SelfhealCli.run(clock, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run of(String... args) {
        return of(Clock.systemUTC(), args);
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
}

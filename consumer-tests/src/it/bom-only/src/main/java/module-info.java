/** A user's application module; Redkit's JSON codecs need its record types opened to Jackson. */
module consumer {
    requires dev.redkit.session;
    requires dev.redkit.otp;
    requires dev.redkit.ratelimit;
    requires dev.redkit.cache;
    requires dev.redkit.queue;
    requires dev.redkit.lock;
    requires dev.redkit.leaderboard;
    requires dev.redkit.analytics;
    requires dev.redkit.console;
    requires dev.redkit.embedded;

    opens consumer to tools.jackson.databind;
}

package dev.redkit.examples.boot;

import dev.redkit.session.Session;
import dev.redkit.session.SessionStore;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /wallet} and {@code POST /wallet/withdraw}. */
@RestController
public class WalletController {

    /** @param cents the amount */
    public record Withdrawal(long cents) {}

    private final Wallets wallets;
    private final SessionStore sessions;

    WalletController(Wallets wallets, SessionStore sessions) {
        this.wallets = wallets;
        this.sessions = sessions;
    }

    @GetMapping("/wallet")
    Map<String, Long> balance(@RequestHeader(name = "Authorization", required = false) String authorization) {
        Session s = AuthController.currentSession(sessions, authorization);
        return Map.of("balanceCents", wallets.balance(s.userId()));
    }

    @PostMapping("/wallet/withdraw")
    Map<String, Object> withdraw(
            @RequestBody Withdrawal request,
            @RequestHeader(name = "Authorization", required = false) String authorization)
            throws InterruptedException {
        Session s = AuthController.currentSession(sessions, authorization);
        if (request.cents() <= 0) {
            throw Problems.of(HttpStatus.BAD_REQUEST, "cents must be positive");
        }
        switch (wallets.withdraw(s.userId(), request.cents())) {
            case PAID:
                return Map.of("balanceCents", wallets.balance(s.userId()));
            case INSUFFICIENT:
                throw Problems.of(HttpStatus.CONFLICT, "insufficient balance");
            default:
                throw Problems.of(HttpStatus.CONFLICT, "another withdrawal is running; retry");
        }
    }
}

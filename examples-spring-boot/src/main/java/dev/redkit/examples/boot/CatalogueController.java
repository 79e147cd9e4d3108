package dev.redkit.examples.boot;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /catalogue/{merchant}}: a cached read. */
@RestController
public class CatalogueController {

    private final Catalogue catalogue;

    CatalogueController(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GetMapping("/catalogue/{merchant}")
    List<Catalogue.Offer> offers(@PathVariable("merchant") String merchant) {
        return catalogue.offers(merchant);
    }
}

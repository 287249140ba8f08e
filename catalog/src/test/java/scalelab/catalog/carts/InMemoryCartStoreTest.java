package scalelab.catalog.carts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cart store contract on {@link InMemoryCartStore}, plus its cap. */
class InMemoryCartStoreTest extends CartStoreContract {
    @Override
    CartStore newStore() {
        return new InMemoryCartStore(1_000);
    }

    @Test
    void beyondItsCapTheStoreRefusesNewCartsWith507() {
        var small = new Carts(id -> true, stock, new FakePayments(), new InMemoryCartStore(2));
        small.create(1);
        small.create(1);
        assertRefused(() -> small.create(1), 507, "STORE_FULL");
        assertThat(small.cartCount()).isEqualTo(2);
    }
}

package scalelab.flashsale.order;

class InMemoryOrderStoreTest extends OrderStoreContract {
    @Override
    OrderStore store() {
        return new InMemoryOrderStore();
    }
}

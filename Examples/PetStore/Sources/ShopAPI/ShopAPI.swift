// The client of shop.yaml as ShopAPI's api-codegen.json asks for it: only the `pets` operations and the schemas they
// reach, `package` access, and Money as ShopTypes.Money. A pet shop that answers in process, for the demo.
import APIRuntime
import Foundation
import ShopTypes

/// Answers `getPet` with one pet.
package struct PetCounter: PetsService {
    package init() {}

    package func getPet(id: UUID) async throws -> Pet {
        Pet(id: id, name: "Rex", price: Money(cents: 1_250, currency: "EUR"), tags: [Tag(label: "dog")])
    }
}

/// An amount of money in a currency's smallest unit: the type `ShopAPI`'s `api-codegen.json` uses for the spec's
/// `Money` schema instead of generating one (`typeOverrides`).
public struct Money: Codable, Hashable, Sendable {
    /// The amount in cents (or the currency's smallest unit).
    public var cents: Int
    /// The ISO 4217 code, `EUR`.
    public var currency: String

    /// Creates an amount.
    public init(cents: Int, currency: String) {
        self.cents = cents
        self.currency = currency
    }

    /// `12.50 EUR`.
    public var formatted: String {
        let fraction = String(cents % 100)
        return "\(cents / 100).\(fraction.count == 1 ? "0" + fraction : fraction) \(currency)"
    }
}

using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SecuriteQuotidien.BotFramework.Cards;

/// <summary>
/// An Adaptive Card, schema 1.5 (the highest Teams renders for bot cards). Small typed records
/// serialised by <see cref="CardJsonContext"/>; only what the bot uses is modelled.
/// </summary>
public sealed record AdaptiveCard
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const string SchemaUrl = "http://adaptivecards.io/schemas/adaptive-card.json";

    [JsonPropertyName("type")]
    public string Type { get; init; } = "AdaptiveCard";

    [JsonPropertyName("$schema")]
    public string Schema { get; init; } = SchemaUrl;

    public string Version { get; init; } = "1.5";

    public required IReadOnlyList<CardElement> Body { get; init; }

    public IReadOnlyList<CardAction>? Actions { get; init; }

    /// <summary>Universal Actions refresh: keeps a shared card current for the listed users.</summary>
    public CardRefresh? Refresh { get; init; }

    /// <summary>Teams-specific card settings (full width, mention entities).</summary>
    [JsonPropertyName("msteams")]
    public TeamsCardProperties? MsTeams { get; init; }

    /// <summary>Shown by clients that cannot render the card.</summary>
    public string? FallbackText { get; init; }
}

public sealed record CardRefresh
{
    /// <summary>An <see cref="ExecuteAction"/>; typed as the base so that its "type" discriminator is written.</summary>
    public required CardAction Action { get; init; }
    public IReadOnlyList<string>? UserIds { get; init; }
}

public sealed record TeamsCardProperties
{
    public string? Width { get; init; }
    public IReadOnlyList<CardMention>? Entities { get; init; }
}

/// <summary>A Teams mention inside a card: the text <c>&lt;at&gt;Name&lt;/at&gt;</c> must appear in a TextBlock.</summary>
public sealed record CardMention
{
    public string Type { get; init; } = "mention";
    public required string Text { get; init; }
    public required CardMentioned Mentioned { get; init; }
}

public sealed record CardMentioned
{
    public required string Id { get; init; }
    public required string Name { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(RichTextBlock), "RichTextBlock")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(CardImage), "Image")]
[JsonDerivedType(typeof(TextInput), "Input.Text")]
[JsonDerivedType(typeof(ChoiceSetInput), "Input.ChoiceSet")]
[JsonDerivedType(typeof(DateInput), "Input.Date")]
[JsonDerivedType(typeof(ToggleInput), "Input.Toggle")]
public abstract record CardElement
{
    public string? Id { get; init; }
    public string? Spacing { get; init; }
    public bool? Separator { get; init; }
    public bool? IsVisible { get; init; }
}

public sealed record TextBlock : CardElement
{
    public TextBlock()
    {
    }

    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public TextBlock(string text)
    {
        Text = text;
    }

    public required string Text { get; init; }
    public bool Wrap { get; init; } = true;
    public string? Size { get; init; }
    public string? Weight { get; init; }
    public string? Color { get; init; }
    public bool? IsSubtle { get; init; }
    public string? Style { get; init; }
}

/// <summary>Text runs render no Markdown: the safe home of user text.</summary>
public sealed record RichTextBlock : CardElement
{
    public required IReadOnlyList<TextRun> Inlines { get; init; }
}

public sealed record TextRun
{
    public string Type { get; init; } = "TextRun";
    public required string Text { get; init; }
    public string? Weight { get; init; }
    public bool? IsSubtle { get; init; }
    public bool? Italic { get; init; }
}

public sealed record FactSet : CardElement
{
    public required IReadOnlyList<Fact> Facts { get; init; }
}

public sealed record Fact(string Title, string Value);

public sealed record Container : CardElement
{
    public required IReadOnlyList<CardElement> Items { get; init; }
    public string? Style { get; init; }
    public CardAction? SelectAction { get; init; }
}

public sealed record ColumnSet : CardElement
{
    public required IReadOnlyList<Column> Columns { get; init; }
}

public sealed record Column
{
    public string Type { get; init; } = "Column";
    public string? Width { get; init; }
    public required IReadOnlyList<CardElement> Items { get; init; }
    public CardAction? SelectAction { get; init; }
}

public sealed record ActionSet : CardElement
{
    public required IReadOnlyList<CardAction> Actions { get; init; }
}

public sealed record CardImage : CardElement
{
    public required string Url { get; init; }
    public string? AltText { get; init; }
    public string? Size { get; init; }
}

public abstract record InputElement : CardElement
{
    public string? Label { get; init; }
    public bool? IsRequired { get; init; }
    public string? ErrorMessage { get; init; }
}

public sealed record TextInput : InputElement
{
    public string? Placeholder { get; init; }
    public string? Value { get; init; }
    public bool? IsMultiline { get; init; }
    public int? MaxLength { get; init; }
}

public sealed record ChoiceSetInput : InputElement
{
    public required IReadOnlyList<Choice> Choices { get; init; }
    public string? Value { get; init; }
    /// <summary>compact (drop-down) or expanded (radio buttons).</summary>
    public string? Style { get; init; }
    public bool? IsMultiSelect { get; init; }
    public string? Placeholder { get; init; }
    /// <summary>Long choice titles go on several lines instead of being cut (expanded style).</summary>
    public bool Wrap { get; init; } = true;
}

public sealed record Choice(string Title, string Value);

public sealed record DateInput : InputElement
{
    /// <summary>yyyy-MM-dd.</summary>
    public string? Value { get; init; }
    public string? Min { get; init; }
    public string? Max { get; init; }
}

public sealed record ToggleInput : InputElement
{
    public required string Title { get; init; }
    public string? Value { get; init; }
    public string? ValueOn { get; init; }
    public string? ValueOff { get; init; }
    /// <summary>A long title goes on several lines instead of being cut.</summary>
    public bool Wrap { get; init; } = true;
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ExecuteAction), "Action.Execute")]
[JsonDerivedType(typeof(SubmitAction), "Action.Submit")]
[JsonDerivedType(typeof(OpenUrlAction), "Action.OpenUrl")]
[JsonDerivedType(typeof(ShowCardAction), "Action.ShowCard")]
public abstract record CardAction
{
    public required string Title { get; init; }
    public string? Id { get; init; }
    public string? Style { get; init; }
}

/// <summary>
/// Universal Action: arrives as an <c>adaptiveCard/action</c> invoke. Its fallback is an
/// <see cref="SubmitAction"/> with the same data, for clients that only know schema 1.2.
/// </summary>
public sealed record ExecuteAction : CardAction
{
    public required string Verb { get; init; }
    public JsonObject? Data { get; init; }
    /// <summary>none: the action sends no input of the card (e.g. "Annuler").</summary>
    public string? AssociatedInputs { get; init; }
    public CardAction? Fallback { get; init; }
}

public sealed record SubmitAction : CardAction
{
    public JsonObject? Data { get; init; }
    public string? AssociatedInputs { get; init; }
}

public sealed record OpenUrlAction : CardAction
{
    public required string Url { get; init; }
}

public sealed record ShowCardAction : CardAction
{
    public required AdaptiveCard Card { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdaptiveCard))]
public sealed partial class CardJsonContext : JsonSerializerContext
{
    /// <summary>Readable French on the wire (see <see cref="Schema.BotJsonContext.Wire"/>).</summary>
    public static CardJsonContext Wire { get; } = new(Schema.BotJsonContext.WireOptions(propertyNameCaseInsensitive: false));
}

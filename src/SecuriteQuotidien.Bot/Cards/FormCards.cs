using System.Globalization;
using System.Text.Json.Nodes;
using SecuriteQuotidien.BotFramework.Cards;

namespace SecuriteQuotidien.Bot.Cards;

/// <summary>
/// The form kit the features' cards share: the red line under a field in error, a sub-form (heading, context,
/// inputs each followed by its error, the submit button and « Annuler ») and a value shown back in an input.
/// </summary>
public static class FormCards
{
    /// <summary>The key of an error that belongs to no field (shown at the end of a sub-form).</summary>
    public const string GeneralError = "general";

    /// <summary>The red line under <paramref name="field"/>; its id is the field's id followed by "-erreur".</summary>
    public static TextBlock ErrorLine(string field, string message) =>
        new(message) { Color = "Attention", Spacing = "None", Size = "Small", Id = field + "-erreur" };

    /// <summary>Adds the error line of <paramref name="field"/> when <paramref name="errors"/> holds one.</summary>
    public static void AddError(List<CardElement> body, IReadOnlyDictionary<string, string> errors, string field)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.TryGetValue(field, out var message))
        {
            body.Add(ErrorLine(field, message));
        }
    }

    /// <summary>
    /// The submit button (with the inputs) and « Annuler » (without them: its verb answers the current card).
    /// Both carry <paramref name="data"/> unless <paramref name="cancelData"/> is given.
    /// </summary>
    public static IReadOnlyList<CardAction> SubmitOrCancel(string submitTitle, string submitVerb, JsonObject data, string cancelVerb,
        JsonObject? cancelData = null, string submitStyle = "positive") =>
    [
        CardExtensions.Execute(submitTitle, submitVerb, data, submitStyle),
        CardExtensions.Execute("Annuler", cancelVerb, cancelData ?? data, associatedInputs: "none"),
    ];

    /// <summary>
    /// A sub-form that replaces a card for the clicker: <paramref name="heading"/> (also the fallback text), a
    /// reminder of what it is about, each input followed by its error line, then <paramref name="actions"/>.
    /// With <paramref name="generalError"/>, the error that belongs to no field closes the body.
    /// </summary>
    public static AdaptiveCard SubForm(TextBlock heading, CardElement context, IEnumerable<CardElement> inputs,
        IReadOnlyDictionary<string, string> errors, IReadOnlyList<CardAction> actions, bool generalError = false)
    {
        ArgumentNullException.ThrowIfNull(heading);
        ArgumentNullException.ThrowIfNull(inputs);
        var body = new List<CardElement> { heading, context };
        foreach (var input in inputs)
        {
            body.Add(input);
            if (input.Id is { } id)
            {
                AddError(body, errors, id);
            }
        }
        if (generalError)
        {
            AddError(body, errors, GeneralError);
        }
        return new AdaptiveCard
        {
            FallbackText = heading.Text,
            Body = body,
            Actions = actions,
            MsTeams = new TeamsCardProperties { Width = "Full" },
        };
    }

    /// <summary>The value to show back in an input: null when there is none (the input then shows its placeholder).</summary>
    public static string? Value(IReadOnlyDictionary<string, string> values, string field)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.TryGetValue(field, out var value) && value.Length > 0 ? value : null;
    }

    /// <summary>A date as Input.Date reads and writes it (yyyy-MM-dd).</summary>
    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

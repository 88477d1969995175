using Azure;

namespace SecuriteQuotidien.Storage.Tables;

internal static class TableErrors
{
    public static bool IsConflict(this RequestFailedException ex) => ex.Status == 409;
    public static bool IsPreconditionFailed(this RequestFailedException ex) => ex.Status == 412;
    public static bool IsNotFound(this RequestFailedException ex) => ex.Status == 404;

    /// <summary>Lost an optimistic race: the row changed, vanished or appeared since it was read.</summary>
    public static bool IsLostRace(this RequestFailedException ex) => ex.Status is 409 or 412 or 404;
}

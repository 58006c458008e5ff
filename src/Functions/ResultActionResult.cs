using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Lipsync.Functions;

/// <summary>Lets a shared handler's <see cref="IResult"/> be a Functions HTTP return value.</summary>
internal sealed class ResultActionResult(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}

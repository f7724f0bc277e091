using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.Extensions.Localization;

namespace Evaluation.Shared.Web;

/// <summary>
/// MVC localizes the messages of its own validation attributes only; this gives every other attribute (ours, and
/// newer ones such as AllowedValues) the same treatment, so each message comes from Texts.resx.
/// </summary>
internal sealed class LocalizedValidationAdapterProvider : IValidationAttributeAdapterProvider
{
    private readonly ValidationAttributeAdapterProvider _builtIn = new();

    public IAttributeAdapter? GetAttributeAdapter(ValidationAttribute attribute, IStringLocalizer? stringLocalizer) =>
        _builtIn.GetAttributeAdapter(attribute, stringLocalizer) ?? new ServerSideAdapter(attribute, stringLocalizer);

    private sealed class ServerSideAdapter(ValidationAttribute attribute, IStringLocalizer? localizer)
        : AttributeAdapterBase<ValidationAttribute>(attribute, localizer)
    {
        public override void AddValidation(ClientModelValidationContext context) { }

        public override string GetErrorMessage(ModelValidationContextBase validationContext) =>
            GetErrorMessage(validationContext.ModelMetadata, validationContext.ModelMetadata.GetDisplayName());
    }
}

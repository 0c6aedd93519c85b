"""Translations: loads resources/i18n/sandflux_<locale>.qm for the user's QGIS locale."""

from pathlib import Path

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

I18N_FOLDER = Path(__file__).resolve().parent.parent / "resources" / "i18n"
CONTEXT = "SandFlux"


def user_locale() -> str:
    """The QGIS user interface locale, e.g. 'zh_CN' or 'en_US'."""
    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        return str(settings.value("locale/userLocale", "") or QLocale.system().name())
    return QgsApplication.locale() or QLocale.system().name()


def install_translator():
    """Install the translator for the user's locale, if SandFlux has one; return it."""
    locale = user_locale()
    for name in (locale, locale.split("_")[0]):
        path = I18N_FOLDER / f"sandflux_{name}.qm"
        if path.exists():
            translator = QTranslator()
            if translator.load(str(path)):
                QCoreApplication.installTranslator(translator)
                return translator
    return None


def tr(text: str) -> str:
    """Translate a user-visible string in the SandFlux context."""
    return QCoreApplication.translate(CONTEXT, text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name pylupdate5 knows)
    """Mark ``text`` for extraction by pylupdate5 without translating it (translate on use).

    For strings that are not in a ``tr()`` call, e.g. module-level lists of option labels:
    ``LABELS = [QT_TRANSLATE_NOOP("SandFlux", "Hourly")]`` then ``tr(LABELS[i])`` where shown.
    """
    return text

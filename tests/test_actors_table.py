"""Table tests of actor coding: one actor string in, (country, primary sector, name) out.

Each row is ``(text, story date or None, expected country, expected primary sector or None,
expected canonical name or None)``; the name is only checked when one is given. The table covers
country forms and their case rules, demonyms, capitals and seats of power, international
organisations, armed groups and their aliases, parties, NGOs, agencies, sector nouns, titled people
with and without a known name, dated roles before and after a change of office, former officials,
possessives, "of" phrases and compounds. ``code_actor`` returns the actor of the longest mention;
for a compound ("Iraqi and Egyptian officials") that is the compound, and the table asserts its
FIRST actor (the others are checked in a separate test).

Rows that fail because of the coding engine (not the knowledge files) are strict xfails whose
reason names the engine behaviour to change.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from click.testing import CliRunner

from kestrel import code_actor
from kestrel.actors import ActorRecognizer
from kestrel.cli import main
from kestrel.text import split_sentences


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _row(
    text: str,
    on: str | None,
    country: str | None,
    sector: str | None,
    name: str | None = None,
    *,
    xfail: str | None = None,
) -> Any:
    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
    return pytest.param(text, _d(on) if on else None, country, sector, name, marks=marks, id=f"{text}@{on}")


ROWS = [
    # ---- country names, official and short forms, spellings ----
    _row("Iraq", None, "IRQ", None, "Iraq"),
    _row("the Republic of Iraq", None, "IRQ", None),
    _row("Egypt", None, "EGY", None),
    _row("the United States", None, "USA", None, "United States"),
    _row("the United States of America", None, "USA", None),
    _row("America", None, "USA", None),
    _row("US", None, "USA", None),
    _row("U.S.", None, "USA", None),
    _row("USA", None, "USA", None),
    _row("Britain", None, "GBR", None),
    _row("Great Britain", None, "GBR", None),
    _row("the United Kingdom", None, "GBR", None),
    _row("UK", None, "GBR", None),
    _row("Türkiye", None, "TUR", None, "Turkey"),
    _row("Turkiye", None, "TUR", None),
    _row("Turkey", None, "TUR", None),
    _row("Russia", None, "RUS", None),
    _row("the Russian Federation", None, "RUS", None),
    _row("China", None, "CHN", None),
    _row("the People's Republic of China", None, "CHN", None),
    _row("North Korea", None, "PRK", None),
    _row("DPRK", None, "PRK", None),
    _row("South Korea", None, "KOR", None),
    _row("the Islamic Republic of Iran", None, "IRN", None),
    _row("Saudi Arabia", None, "SAU", None),
    _row("the UAE", None, "ARE", None),
    _row("Côte d'Ivoire", None, "CIV", None),
    _row("Ivory Coast", None, "CIV", None),
    _row("the Democratic Republic of Congo", None, "COD", None),
    _row("DR Congo", None, "COD", None),
    _row("Palestine", None, "PSE", None),
    _row("the Gaza Strip", None, "PSE", None),
    _row("Kosovo", None, "XKX", None),
    _row("Myanmar", None, "MMR", None),
    _row("Taiwan", None, "TWN", None),
    _row("the Holy See", None, "VAT", None),
    _row("Jordan", None, "JOR", None),
    _row("Chad", None, "TCD", None),
    # ---- demonyms and adjectives ----
    _row("Iraqi", None, "IRQ", None),
    _row("Iraqis", None, "IRQ", None),
    _row("Americans", None, "USA", None),
    _row("British", None, "GBR", None),
    _row("Britons", None, "GBR", None),
    _row("French", None, "FRA", None),
    _row("Israeli", None, "ISR", None),
    _row("Palestinians", None, "PSE", None),
    _row("Saudi", None, "SAU", None),
    _row("Emirati", None, "ARE", None),
    _row("Afghan", None, "AFG", None),
    _row("Ukrainian", None, "UKR", None),
    _row("Filipino", None, "PHL", None),
    _row("Turkish", None, "TUR", None),
    # ---- capitals and seats of power ----
    _row("Baghdad", None, "IRQ", "GOV"),
    _row("Washington", None, "USA", "GOV"),
    _row("Moscow", None, "RUS", "GOV"),
    _row("Beijing", None, "CHN", "GOV"),
    _row("Tehran", None, "IRN", "GOV"),
    _row("Cairo", None, "EGY", "GOV"),
    _row("Ankara", None, "TUR", "GOV"),
    _row("Kyiv", None, "UKR", "GOV"),
    _row("Kiev", None, "UKR", "GOV"),
    _row("the Kremlin", None, "RUS", "GOV"),
    _row("the White House", None, "USA", "GOV"),
    _row("the Pentagon", None, "USA", "MIL"),
    _row("Downing Street", None, "GBR", "GOV"),
    _row("Capitol Hill", None, "USA", "LEG"),
    _row("Seoul", None, "KOR", "GOV"),
    # ---- intergovernmental organisations ----
    _row("the United Nations", None, "IGO", None, "United Nations"),
    _row("the UN", None, "IGO", None),
    _row("the U.N.", None, "IGO", None),
    _row("the UN Security Council", None, "IGO", None),
    _row("NATO", None, "IGO", None),
    _row("the European Union", None, "IGO", None),
    _row("the EU", None, "IGO", None),
    _row("the European Commission", None, "IGO", "GOV"),
    _row("the African Union", None, "IGO", None),
    _row("the Arab League", None, "IGO", None),
    _row("the Gulf Cooperation Council", None, "IGO", None),
    _row("OPEC", None, "IGO", None),
    _row("the IAEA", None, "IGO", None),
    _row("the World Health Organization", None, "IGO", "HLH"),
    _row("the UN refugee agency", None, "IGO", "REF"),
    _row("UNHCR", None, "IGO", "REF"),
    _row("UNRWA", None, "IGO", "REF"),
    _row("the World Bank", None, "IGO", "DEV"),
    _row("the International Monetary Fund", None, "IGO", None),
    _row("the International Criminal Court", None, "IGO", "JUD"),
    _row("the International Court of Justice", None, "IGO", "JUD"),
    _row("ECOWAS", None, "IGO", None),
    _row("ASEAN", None, "IGO", None),
    _row("UN peacekeepers", None, "IGO", "MIL"),
    _row("UNIFIL", None, "IGO", "MIL"),
    # ---- armed groups and their aliases ----
    _row("the Islamic State", None, "IMG", "REB", "Islamic State"),
    _row("ISIL", None, "IMG", "REB", "Islamic State"),
    _row("ISIS", None, "IMG", "REB", "Islamic State"),
    _row("Daesh", None, "IMG", "REB", "Islamic State"),
    _row("Islamic State militants", None, "IMG", "REB"),
    _row("al-Qaeda", None, "IMG", "REB"),
    _row("al Qaida", None, "IMG", "REB"),
    _row("Hezbollah", None, "LBN", "REB", "Hezbollah"),
    _row("Hizbollah", None, "LBN", "REB", "Hezbollah"),
    _row("Hizballah", None, "LBN", "REB", "Hezbollah"),
    _row("the Houthis", None, "YEM", "REB", "Houthis"),
    _row("Ansar Allah", None, "YEM", "REB", "Houthis"),
    _row("Houthi rebels", None, "YEM", "REB"),
    _row("al-Shabab", None, "SOM", "REB"),
    _row("al-Shabaab", None, "SOM", "REB"),
    _row("Boko Haram", None, "NGA", "REB"),
    _row("the PKK", None, "TUR", "REB"),
    _row("the Kurdistan Workers' Party", None, "TUR", "REB"),
    _row("Hamas", None, "PSE", "REB", "Hamas"),
    _row("the Qassam Brigades", None, "PSE", "REB"),
    _row("Palestinian Islamic Jihad", None, "PSE", "REB"),
    _row("the Taliban", None, "AFG", "REB"),
    _row("the Pakistani Taliban", None, "PAK", "REB"),
    _row("Hayat Tahrir al-Sham", None, "SYR", "REB"),
    _row("the Syrian Democratic Forces", None, "SYR", "REB"),
    _row("the Rapid Support Forces", None, "SDN", "REB"),
    _row("the Wagner Group", None, "RUS", "UAF"),
    _row("the Popular Mobilization Forces", None, "IRQ", "UAF"),
    _row("Kataib Hezbollah", None, "IRQ", "REB"),
    _row("the FARC", None, "COL", "REB"),
    _row("M23 rebels", None, "COD", "REB"),
    _row("the Sinaloa Cartel", None, "MEX", "CRM"),
    # ---- political parties ----
    _row("the Republican Party", None, "USA", "PTY"),
    _row("the Conservative Party", None, "GBR", "PTY"),
    _row("the Labour Party", None, "GBR", "PTY"),
    _row("Likud", None, "ISR", "PTY"),
    _row("Fatah", None, "PSE", "PTY"),
    _row("the AKP", None, "TUR", "PTY"),
    _row("the Muslim Brotherhood", None, "EGY", "PTY"),
    _row("the Chinese Communist Party", None, "CHN", "PTY"),
    _row("the BJP", None, "IND", "PTY"),
    _row("the African National Congress", None, "ZAF", "PTY"),
    _row("United Russia", None, "RUS", "PTY"),
    _row("Alternative for Germany", None, "DEU", "PTY"),
    # ---- NGOs ----
    _row("Amnesty International", None, "NGO", "HRI"),
    _row("Human Rights Watch", None, "NGO", "HRI"),
    _row("Doctors Without Borders", None, "NGO", "HLH"),
    _row("the International Committee of the Red Cross", None, "NGO", None),
    _row("the Red Cross", None, "NGO", None),
    _row("the Palestine Red Crescent", None, "PSE", "NGO"),
    _row("Oxfam", None, "NGO", None),
    _row("the Syrian Observatory for Human Rights", None, "SYR", "NGO"),
    # ---- state agencies and bodies ----
    _row("Mossad", None, "ISR", "SPY"),
    _row("the Shin Bet", None, "ISR", "SPY"),
    _row("the IRGC", None, "IRN", "MIL"),
    _row("Iran's Revolutionary Guards", None, "IRN", "MIL"),
    _row("the Quds Force", None, "IRN", "MIL"),
    _row("the CIA", None, "USA", "SPY"),
    _row("the FBI", None, "USA", "COP"),
    _row("the State Department", None, "USA", "GOV"),
    _row("the FSB", None, "RUS", "SPY"),
    _row("MI6", None, "GBR", "SPY"),
    _row("the IDF", None, "ISR", "MIL"),
    _row("the Israel Defense Forces", None, "ISR", "MIL"),
    _row("the People's Liberation Army", None, "CHN", "MIL"),
    _row("the Knesset", None, "ISR", "LEG"),
    _row("the Palestinian Authority", None, "PSE", "GOV"),
    _row("the Arab Organization for Industrialization", None, "EGY", "GOV"),
    _row("Xinhua", None, "CHN", "MED"),
    _row("the ISI", None, "PAK", "SPY"),
    # ---- sector nouns, with and without a country ----
    _row("Iraqi troops", None, "IRQ", "MIL"),
    _row("the Iraqi government", None, "IRQ", "GOV"),
    _row("Syrian rebels", None, "SYR", "REB"),
    _row("Egyptian police", None, "EGY", "COP"),
    _row("Afghan refugees", None, "AFG", "REF"),
    _row("Israeli settlers", None, "ISR", "SET"),
    _row("Palestinian militants", None, "PSE", "REB"),
    _row("Turkish prosecutors", None, "TUR", "JUD"),
    _row("Indian farmers", None, "IND", "AGR"),
    _row("Russian journalists", None, "RUS", "MED"),
    _row("Chinese businessmen", None, "CHN", "BUS"),
    _row("Pakistani lawmakers", None, "PAK", "LEG"),
    _row("Lebanese protesters", None, "LBN", "OPP"),
    _row("Yemeni civilians", None, "YEM", "CVL"),
    _row("Somali pirates", None, "SOM", "CRM"),
    _row("Iranian clerics", None, "IRN", "REL"),
    _row("Kenyan doctors", None, "KEN", "HLH"),
    _row("Nigerian students", None, "NGA", "EDU"),
    _row("Ukrainian soldiers", None, "UKR", "MIL"),
    _row("French riot police", None, "FRA", "COP"),
    _row("the Saudi-led coalition", None, "SAU", "MIL"),
    _row("Iranian hardliners", None, "IRN", "RAD"),
    _row("Sudanese paramilitaries", None, "SDN", "UAF"),
    _row("Egyptian state media", None, "EGY", "GOV"),
    _row("Turkish intelligence", None, "TUR", "SPY"),
    _row("Venezuela's electoral council", None, "VEN", "GOV"),
    _row("Maoist insurgents", None, "IND", "REB"),
    _row("the Russian Security Council", None, "RUS", "GOV"),
    _row("the Hamas-run health ministry", None, "PSE", "GOV"),
    _row("the Russian-installed governor", None, "RUS", "GOV"),
    _row("Gov. Gretchen Whitmer", None, None, "GOV", "Gretchen Whitmer"),
    _row("Amb. Linda Thomas-Greenfield", None, "USA", "GOV", "Linda Thomas-Greenfield"),
    _row("the Kremlin-controlled media", None, "RUS", "MED"),
    _row("Iran-backed militias", None, None, "UAF"),
    _row("protesters", None, None, "OPP"),
    _row("the police", None, None, "COP"),
    _row("rebels", None, None, "REB"),
    _row("gunmen", None, None, "UAF"),
    _row("human rights groups", None, None, "HRI"),
    _row("aid agencies", None, None, "NGO"),
    _row("trade unions", None, None, "LAB"),
    # ---- unnamed roles: titles, "of" phrases, possessives ----
    _row("the Iraqi Defense Minister", None, "IRQ", "GOV"),
    _row("the Iraqi Defence Minister", None, "IRQ", "GOV"),
    _row("the Minister of Defense of Iraq", None, "IRQ", "GOV"),
    _row("Minister of Defence of Iraq", None, "IRQ", "GOV"),
    _row("the Iraqi Air Force Commander", None, "IRQ", "MIL"),
    _row("President of Egypt", None, "EGY", "GOV"),
    _row("the Egyptian foreign minister", None, "EGY", "GOV"),
    _row("Egypt's foreign minister", None, "EGY", "GOV"),
    _row("Egypt's army", None, "EGY", "MIL"),
    _row("Egypt's armed forces", None, "EGY", "MIL"),
    _row("Iran's foreign ministry", None, "IRN", "GOV"),
    _row("Israel's military", None, "ISR", "MIL"),
    _row("Russia's defence ministry", None, "RUS", "GOV"),
    _row("the Russian ambassador", None, "RUS", "GOV"),
    _row("the Iranian president", None, "IRN", "GOV"),
    _row("the Turkish interior minister", None, "TUR", "GOV"),
    _row("the Chinese Foreign Ministry spokesperson", None, "CHN", "GOV"),
    _row("a Syrian opposition leader", None, "SYR", "OPP"),
    _row("the Israeli army chief of staff", None, "ISR", "MIL"),
    _row("the Saudi crown prince", None, "SAU", "GOV"),
    _row("the head of the Egyptian army", None, "EGY", "MIL"),
    _row("the UN human rights office", None, "IGO", "HRI"),
    _row("the Secretary General of NATO", None, "IGO", None),
    _row("the US Secretary of State", None, "USA", "GOV"),
    _row("the British Prime Minister", None, "GBR", "GOV"),
    _row("the Pakistani army chief", None, "PAK", "MIL"),
    _row("the French Interior Ministry", None, "FRA", "GOV"),
    _row("Lebanese army commander", None, "LBN", "MIL"),
    # ---- former officials (ELI) ----
    _row("former Iraqi prime minister", None, "IRQ", "ELI"),
    _row("a former Egyptian army officer", None, "EGY", "ELI"),
    _row("ex-president", None, None, "ELI"),
    _row("former President Barack Obama", "2022-01-01", "USA", "ELI", "Barack Obama"),
    _row("Tony Blair", "2008-01-01", "IGO", None, "Tony Blair"),
    _row(
        "former British Prime Minister Tony Blair",
        "2016-01-01",
        "GBR",
        "ELI",
        "Tony Blair",
    ),
    _row(
        "former British Prime Minister Tony Blair",
        "2015-05-01",  # still the Quartet's representative (an IGO post) that day
        "GBR",
        "ELI",
    ),
    _row("former Iraqi Prime Minister Nouri al-Maliki", "2023-01-01", "IRQ", "ELI"),
    _row("Barack Obama", "2019-06-01", "USA", "ELI", "Barack Obama"),
    _row("Angela Merkel", "2023-03-01", "DEU", "ELI", "Angela Merkel"),
    _row("Hosni Mubarak", "2015-01-01", "EGY", "ELI"),
    _row("Bashar al-Assad", "2025-03-01", "SYR", "ELI"),
    # ---- known people, with and without titles, spellings ----
    _row("Recep Tayyip Erdoğan", "2023-06-01", "TUR", "GOV", "Recep Tayyip Erdogan"),
    _row("Recep Tayyip Erdogan", "2023-06-01", "TUR", "GOV", "Recep Tayyip Erdogan"),
    _row("Turkish President Tayyip Erdogan", "2023-06-01", "TUR", "GOV", "Recep Tayyip Erdogan"),
    _row("al-Sisi", "2020-01-01", "EGY", "GOV", "Abdel Fattah el-Sisi"),
    _row("Al Sisi", "2020-01-01", "EGY", "GOV", "Abdel Fattah el-Sisi"),
    _row("el-Sisi", "2020-01-01", "EGY", "GOV", "Abdel Fattah el-Sisi"),
    _row("Egyptian President Abdel Fattah al-Sisi", "2020-01-01", "EGY", "GOV", "Abdel Fattah el-Sisi"),
    _row("Defence Minister Abdel Fattah el-Sisi", "2013-06-01", "EGY", "GOV", "Abdel Fattah el-Sisi"),
    _row("Vladimir Putin", "2023-01-01", "RUS", "GOV", "Vladimir Putin"),
    _row("Russian President Vladimir Putin", "2023-01-01", "RUS", "GOV"),
    _row("Sergei Lavrov", "2023-01-01", "RUS", "GOV"),
    _row("Volodymyr Zelenskyy", "2023-01-01", "UKR", "GOV", "Volodymyr Zelensky"),
    _row("Zelensky", "2023-01-01", "UKR", "GOV", "Volodymyr Zelensky"),
    _row("Xi Jinping", "2023-01-01", "CHN", "GOV"),
    _row("Kim Jong Un", "2023-01-01", "PRK", "GOV"),
    _row("Benjamin Netanyahu", "2024-01-01", "ISR", "GOV"),
    _row("Israeli Prime Minister Benjamin Netanyahu", "2024-01-01", "ISR", "GOV"),
    _row("Narendra Modi", "2024-01-01", "IND", "GOV"),
    _row("Ayatollah Ali Khamenei", "2024-01-01", "IRN", "GOV"),
    _row("Iran's Supreme Leader Ali Khamenei", "2024-01-01", "IRN", "GOV"),
    _row("Mohammed bin Salman", "2023-01-01", "SAU", "GOV"),
    _row("Hassan Nasrallah", "2020-01-01", "LBN", "REB"),
    _row("Hezbollah leader Hassan Nasrallah", "2020-01-01", "LBN", "REB"),
    _row("Mohamed Hamdan Dagalo", "2024-01-01", "SDN", "REB"),
    _row("Abu Bakr al-Baghdadi", "2017-01-01", "IMG", "REB"),
    _row("Emmanuel Macron", "2024-01-01", "FRA", "GOV"),
    _row("Keir Starmer", "2025-01-01", "GBR", "GOV"),
    _row("Javier Milei", "2024-06-01", "ARG", "GOV"),
    _row("Mahmoud Abbas", "2023-01-01", "PSE", "GOV"),
    _row("Khalifa Haftar", "2023-01-01", "LBY", "MIL"),
    _row("Viktor Orbán", "2024-01-01", "HUN", "GOV", "Viktor Orbán"),
    _row("Pope Francis", "2020-01-01", "VAT", "REL"),
    _row("Pope Francis", "2025-06-01", "VAT", "ELI"),
    _row("Nancy Pelosi", "2022-01-01", "USA", "LEG"),
    _row("Sheikh Hasina", "2024-09-01", "BGD", "ELI"),
    _row("Muhammad Yunus", "2024-10-01", "BGD", "GOV"),
    _row("Niger's junta leader Abdourahamane Tiani", "2024-01-01", "NER", "MIL"),
    # ---- titled people the knowledge base does not know ----
    _row(
        "Iraqi Minister of Defense Staff Gen. Juma Enad Saadoun",
        "2020-11-16",
        "IRQ",
        "GOV",
        # the knowledge base knows him; the canonical spelling is returned
        "Juma Inad Saadoun",
    ),
    _row("Kenyan Interior Minister Kithure Kindiki", "2023-01-01", "KEN", "GOV", "Kithure Kindiki"),
    _row("Nigerian army spokesman Onyema Nwachukwu", "2023-01-01", "NGA", "MIL", "Onyema Nwachukwu"),
    _row("Ghanaian Foreign Minister Shirley Ayorkor Botchwey", None, "GHA", "GOV"),
    _row("Colombian Defense Minister Ivan Velasquez", None, "COL", "GOV", "Ivan Velasquez"),
    _row("Egyptian Brig. Gen. Tamer al-Refai", None, "EGY", "MIL", "Tamer al-Refai"),
    _row("Iraqi Interior Minister Abdul Amir al-Shammari", None, "IRQ", "GOV"),
    _row("Jordanian police chief Obeidullah Maaytah", None, "JOR", "COP"),
    _row("Sudanese opposition leader Yasir Arman", None, "SDN", "OPP"),
    _row("Malian junta leader Assimi Goita", None, "MLI", "MIL"),
    _row("Libyan Interior Minister Imad Trabelsi", None, "LBY", "GOV"),
    # ---- dated roles: before and after a change of office ----
    _row("Joe Biden", "2021-01-19", "USA", "ELI"),
    _row("Joe Biden", "2021-01-20", "USA", "GOV"),
    _row("Joe Biden", "2021-01-21", "USA", "GOV"),
    _row("Joe Biden", "2025-02-01", "USA", "ELI"),
    _row("Joe Biden", "2012-01-01", "USA", "GOV"),
    _row("Donald Trump", "2021-01-19", "USA", "GOV"),
    _row("Donald Trump", "2021-01-21", "USA", "ELI"),
    _row("Donald Trump", "2025-01-21", "USA", "GOV"),
    _row("Donald Trump", "2016-06-01", "USA", None),
    _row("President Donald Trump", "2025-03-01", "USA", "GOV"),
    _row("Dmitry Medvedev", "2010-01-01", "RUS", "GOV"),
    _row("Sergei Shoigu", "2020-01-01", "RUS", "GOV"),
    _row("Sergei Shoigu", "2024-08-01", "RUS", "GOV"),
    _row("Ahmed al-Sharaa", "2023-01-01", "SYR", "REB"),
    _row("Ahmed al-Sharaa", "2025-03-01", "SYR", "GOV"),
    _row("Abu Mohammed al-Jolani", "2020-01-01", "SYR", "REB"),
    _row("Bashar al-Assad", "2024-12-01", "SYR", "GOV"),
    _row("Keir Starmer", "2023-01-01", "GBR", "OPP"),
    _row("Imran Khan", "2020-01-01", "PAK", "GOV"),
    _row("Imran Khan", "2024-06-01", "PAK", "ELI"),
    _row("Mark Rutte", "2023-01-01", "NLD", "GOV"),
    _row("Mark Rutte", "2025-01-01", "IGO", None),
    _row("Ursula von der Leyen", "2018-01-01", "DEU", "GOV"),
    _row("Ursula von der Leyen", "2022-01-01", "IGO", None),
    _row("Jens Stoltenberg", "2022-01-01", "IGO", None),
    _row("Lula", "2015-01-01", "BRA", "ELI"),
    _row("Lula", "2012-01-01", "BRA", "ELI"),
    _row("Lula", "2002-01-01", "BRA", None),
    _row("Lula", "2023-06-01", "BRA", "GOV"),
    _row("Mohammed bin Salman", "2016-01-01", "SAU", "GOV"),
    _row("Naftali Bennett", "2022-01-01", "ISR", "GOV"),
    _row("Naftali Bennett", "2023-06-01", "ISR", "ELI"),
    _row("Rishi Sunak", "2023-01-01", "GBR", "GOV"),
    _row("Olaf Scholz", "2023-01-01", "DEU", "GOV"),
    _row("Friedrich Merz", "2025-06-01", "DEU", "GOV"),
    # ---- IGO officials ----
    _row("UN Secretary-General Antonio Guterres", "2022-01-01", "IGO", None, "António Guterres"),
    _row("U.N. Secretary-General António Guterres", "2022-01-01", "IGO", None, "António Guterres"),
    _row("NATO Secretary General Jens Stoltenberg", "2022-01-01", "IGO", None),
    _row("IAEA Director General Rafael Grossi", "2023-01-01", "IGO", None),
    _row("the UN envoy for Syria", None, "IGO", "GOV"),
    # ---- compounds: the first actor of the compound is asserted ----
    _row("Iraqi and Egyptian officials", None, "IRQ", "GOV"),
    _row("Iraq and Egypt", None, "IRQ", None),
    _row("Egyptian and Iraqi defence ministers", None, "EGY", "GOV"),
    _row("Israeli and Palestinian negotiators", None, "ISR", None),
    _row("Russian and Ukrainian troops", None, "RUS", "MIL"),
]


@pytest.mark.parametrize(("text", "on", "country", "sector", "name"), ROWS)
def test_actors_table_codes_country_and_primary_sector(
    text: str, on: dt.date | None, country: str | None, sector: str | None, name: str | None
) -> None:
    actor = code_actor(text, on=on)
    assert actor is not None, f"{text!r} was not coded"
    got = (actor.country, actor.sectors[0] if actor.sectors else None)
    assert got == (country, sector), f"{text!r} on {on}: {actor.code} ({actor.reason})"
    if name is not None:
        assert actor.name == name


@pytest.mark.parametrize(
    "text",
    [
        "us",  # the pronoun, not the United States: all-caps names match only capitals
        "turkey",  # a name written with a capital matches only capitalised text
        "chad",
        "jordan",
        "china",
        "the weather",
        "yesterday",
    ],
)
def test_actors_table_case_rules_and_non_actors_give_none(text: str) -> None:
    assert code_actor(text) is None


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("Iraqi and Egyptian officials", ["IRQ", "EGY"]),
        ("Iraq and Egypt", ["IRQ", "EGY"]),
        ("Egypt, Jordan and Iraq", ["EGY", "JOR", "IRQ"]),
        ("Russian and Ukrainian troops", ["RUS", "UKR"]),
        ("the armies of Brazil and Argentina", ["BRA", "ARG"]),
    ],
)
def test_actors_table_compound_carries_every_actor(text: str, countries: list[str]) -> None:
    recognizer = ActorRecognizer()
    mentions = recognizer(split_sentences(text))[0]
    longest = max(mentions, key=lambda m: m.end - m.start)
    assert [a.country for a in longest.actors] == countries


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Iraqi and Egyptian officials", ["IRQGOV", "EGYGOV"]),
        ("the foreign ministers of Egypt and Jordan", ["EGYGOV", "JORGOV"]),
        ("the armies of Brazil and Argentina", ["BRAMIL", "ARGMIL"]),
        ("Egyptian officials and Jordan", ["EGYGOV", "JOR"]),
    ],
)
def test_actors_table_shared_role_noun_goes_to_every_country_of_a_compound(text: str, codes: list[str]) -> None:
    mentions = ActorRecognizer()(split_sentences(text))[0]
    longest = max(mentions, key=lambda m: m.end - m.start)
    assert [a.code for a in longest.actors] == codes


@pytest.mark.parametrize(
    ("text", "on"),
    [
        ("former President Barack Obama", "2022-01-01"),
        ("Iraqi Minister of Defense Staff Gen. Juma Enad Saadoun", "2020-11-16"),
        ("Hizbollah", None),
        ("Egypt's army", None),
    ],
)
def test_actors_table_cli_prints_what_code_actor_returns(text: str, on: str | None) -> None:
    args = ["actor", text, *(["--date", on] if on else [])]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    actor = code_actor(text, on=_d(on) if on else None)
    assert actor is not None
    assert (printed["code"], printed["country"], printed["sectors"]) == (
        actor.code,
        actor.country,
        list(actor.sectors),
    )


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("the National Salvation Front", "National Salvation Front", "---"),
        ("the Kurdistan Islamic Union", "Kurdistan Islamic Union", "---"),
        ("the National Democratic Party", "National Democratic Party", "PTY"),
    ],
)
def test_actors_table_unknown_organisations_are_kept(text: str, name: str, code: str) -> None:
    """A capitalised name ending in an organisation noun is kept as an actor, not dropped."""
    actor = code_actor(text)
    assert actor is not None and (actor.name, actor.code, actor.kind) == (name, code, "organization")


@pytest.mark.parametrize(
    ("text", "code", "later"),
    [
        ("Odin Sanchez, a former Colombian congressman, was freed. Sanchez thanked Cuba.", "COLELI", "Sanchez"),
        ("Maria Ortiz, the Peruvian ambassador, arrived. Ortiz met the minister.", "PERGOV", "Ortiz"),
        ("Alice Wells, a senior State Department official, arrived. Wells met them.", "USAGOV", "Wells"),
    ],
)
def test_actors_table_appositive_role_codes_an_unknown_name(text: str, code: str, later: str) -> None:
    """'X, a former Colombian congressman': the unknown name takes the role, and is known later by surname."""
    first, second = ActorRecognizer()(split_sentences(text))
    named = next(m for m in first if m.tok_start == 0)
    assert (named.actors[0].code, named.actors[0].kind) == (code, "person")
    assert any(m.text == later and m.actors[0].code == code for m in second)


def test_actors_table_appositive_needs_a_person_role() -> None:
    # "Kherson, a Ukrainian city" must not make a person of a place; an unknown name followed by a
    # group noun is no appositive of a person either
    mentions = ActorRecognizer()(split_sentences("Dobrovolsky, Ukrainian troops said, was shelled."))[0]
    assert not any(m.text == "Dobrovolsky" for m in mentions)
    # a named actor after the comma is a list, not a role: "Odin Sanchez, Colombia and Peru"
    mentions = ActorRecognizer()(split_sentences("Odin Sanchez, Colombia and Peru signed a deal."))[0]
    assert not any(m.text == "Odin Sanchez" for m in mentions)

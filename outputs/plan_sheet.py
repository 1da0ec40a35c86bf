"""The workbook's Plan by year sheet: when each project runs, pauses and resumes."""

from __future__ import annotations

import numpy as np
from xlsxwriter.workbook import Workbook

from outputs.run_tables import RunTables
from outputs.workbook_sheets import Styled, Styles, write_table


def write_plan_sheet(book: Workbook, styles: Styles, tables: RunTables) -> None:
    """Plan by year: every project, rank order, a column per year coloured by its decision in
    the years it runs ('business case', 'runs', 'resumes'), paused years marked, like a Gantt
    chart of the reset."""
    run = tables.run
    result, problem = run.result, run.problem
    sheet = book.add_worksheet("Plan by year")
    years = list(result.years)
    header = ["Project ref", "Project", "Directorate", "Decision", "Action", *years]
    index = problem.index()
    directorates = run.portfolio.directorates
    rows = []
    for decision in result.decisions:
        i = index[decision.id]
        value = decision.decision.value
        colour = styles.decision(value)
        quiet = styles(font_color="#666666")
        running = result.chosen.runs[i] if value != "terminate" else np.zeros(len(years), bool)
        resumes = years.index(decision.resume_year) if decision.resume_year else None
        cells: list[object] = []
        for t in range(len(years)):
            if decision.resume_year is None and not decision.decision.proceeds:
                cells.append(Styled("paused" if value == "pause" else None, quiet))
            elif resumes is not None and t < resumes:
                cells.append(Styled("paused", quiet))
            elif running[t]:
                first = t == int(np.argmax(running))
                text = "resumes" if first and resumes is not None else "runs"
                if first and problem.business_case_first[i] and value == "continue":
                    text = "business case"
                cells.append(Styled(text, colour))
            else:
                cells.append("")
        rows.append(
            [
                decision.id,
                decision.name,
                directorates[i],
                Styled(value, colour),
                decision.action_text,
                *cells,
            ]
        )
    write_table(sheet, styles, 0, header, rows)
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
    for col, width in enumerate((14, 40, 22, 12, 28, *([12] * len(years)))):
        sheet.set_column(col, col, width)

/** A titled chart with its PNG export; the chart itself is the child (a recharts chart). */
import { useRef, useState, type ReactNode } from 'react';
import { chartToPng } from './chart-png';
import { downloadFile } from './download';

interface ChartCardProps {
  title: string;
  /** File name without extension for the PNG. */
  fileName: string;
  note?: string;
  children: ReactNode;
}

export function ChartCard({ title, fileName, note, children }: ChartCardProps) {
  const body = useRef<HTMLDivElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const exportPng = async () => {
    if (body.current === null) return;
    try {
      downloadFile(`${fileName}.png`, await chartToPng(body.current));
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <figure className="chart-card" aria-label={title}>
      <figcaption className="chart-card__header">
        <span className="chart-card__title">{title}</span>
        <button type="button" className="button button--quiet" onClick={() => void exportPng()} aria-label={`Export "${title}" as PNG`}>
          PNG
        </button>
      </figcaption>
      {note !== undefined && <p className="chart-card__note">{note}</p>}
      <div className="chart-card__body" ref={body}>
        {children}
      </div>
      {problem !== null && <p role="alert" className="chart-card__problem">{problem}</p>}
    </figure>
  );
}

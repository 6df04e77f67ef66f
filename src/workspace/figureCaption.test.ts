import { describe, expect, it } from 'vitest';
import { figureCaption } from './report.ts';

describe('figureCaption', () => {
  it('says what each report figure shows, in English', () => {
    expect(figureCaption('roc_train', 'en')).toBe('ROC curves, training set');
    expect(figureCaption('calibration_validation', 'en')).toBe('Calibration curves, validation set');
    expect(figureCaption('dca_validation', 'en')).toBe('Decision curves (net benefit), validation set');
    expect(figureCaption('lasso_path_radiomics', 'en')).toBe('LASSO coefficient paths, model radiomics');
    expect(figureCaption('lasso_cv_radiomics_lasso', 'en')).toBe('LASSO cross-validation curve, model radiomics_lasso');
    expect(figureCaption('forest_combined', 'en')).toBe('Odds ratios with 95 % confidence intervals, model combined');
    expect(figureCaption('something_else', 'en', 3)).toBe('Figure 3: something_else');
  });

  it('and in Chinese', () => {
    expect(figureCaption('roc_train', 'zh')).toBe('ROC 曲线，训练集');
    expect(figureCaption('dca_validation', 'zh')).toBe('决策曲线（净获益），验证集');
    expect(figureCaption('forest_combined', 'zh')).toBe('比值比及 95 % 置信区间，模型 combined');
  });
});
